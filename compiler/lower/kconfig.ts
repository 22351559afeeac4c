import { ts } from "ts-morph";

/**
 * The preprocessor condition of `kconfig("X")` or `!kconfig("X")` as a whole
 * `if` condition: `defined(CONFIG_X) && CONFIG_X` (or its negation). Undefined
 * when the expression is no kconfig test, "" when it is one with a bad argument.
 */
export function kconfigCondition(test: ts.Expression): string | undefined {
  let e: ts.Expression = test;
  let negate = false;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negate = true;
    e = e.operand;
  }
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "kconfig") return undefined;
  const arg = e.arguments[0];
  if (!arg || !ts.isStringLiteral(arg) || !/^[A-Z0-9_]+$/.test(arg.text)) return "";
  const sym = `CONFIG_${arg.text}`;
  return negate ? `!defined(${sym}) || !${sym}` : `defined(${sym}) && ${sym}`;
}
