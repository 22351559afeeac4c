import { ts, type Node } from "ts-morph";
import { intrinsicCalled } from "../load/prelude.ts";

/**
 * The preprocessor condition of `kconfig("X")` or `!kconfig("X")` as a whole
 * `if` condition: `defined(CONFIG_X) && CONFIG_X` (or its negation). Undefined
 * when the expression is no kconfig test (a call of the prelude's kconfig(), by
 * its declaration), "" when it is one with a bad argument. `program` is any
 * node of the program (the prelude registry is the program's).
 */
export function kconfigCondition(test: ts.Expression, program: Node): string | undefined {
  return kconfigParts(test, program)?.cond;
}

/**
 * An `if` condition that starts with a kconfig test: `kconfig("X")`, or
 * `kconfig("X") && rest` (then `rest` is tested in C under the `#if`, as a
 * nested `if` would be). Undefined when it does not start with one.
 */
export function kconfigParts(test: ts.Expression, program: Node): { cond: string; rest?: ts.Expression } | undefined {
  let e: ts.Expression = test;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    const cond = kconfigTest(e.left, program);
    return cond === undefined ? undefined : { cond, rest: e.right };
  }
  const cond = kconfigTest(e, program);
  return cond === undefined ? undefined : { cond };
}

/** `kconfig("X")` or `!kconfig("X")` alone: its #if condition ("" for a bad argument), undefined for anything else. */
function kconfigTest(test: ts.Expression, program: Node): string | undefined {
  let e: ts.Expression = test;
  let negate = false;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negate = true;
    e = e.operand;
  }
  if (!ts.isCallExpression(e) || intrinsicCalled(e, program) !== "kconfig") return undefined;
  const arg = e.arguments[0];
  if (!arg || !ts.isStringLiteral(arg) || !/^[A-Z0-9_]+$/.test(arg.text)) return "";
  const sym = `CONFIG_${arg.text}`;
  return negate ? `!defined(${sym}) || !${sym}` : `defined(${sym}) && ${sym}`;
}
