import { Node, SyntaxKind } from "ts-morph";
import type { LowerContext } from "./context.ts";
import { declarationOf } from "./symbols.ts";
import { intrinsicOf, preludeTypeNamed } from "../load/prelude.ts";

/**
 * C leaves the order in which a call's arguments, or an operator's operands,
 * are evaluated unspecified (gcc on x86 goes right to left); TypeScript goes
 * left to right. When two of them have side effects the results differ, so
 * tsc2c rejects it: compute them into locals first.
 */
export function checkEvaluationOrder(operands: readonly Node[], at: Node, ctx: LowerContext): void {
  const effects = operands.filter((o) => hasEffects(o));
  if (effects.length >= 2) ctx.fail(at, "EvaluationOrder", effects.map((o) => o.getText()).join(", "));
}

const assignments = new Set<SyntaxKind>([
  SyntaxKind.EqualsToken, SyntaxKind.PlusEqualsToken, SyntaxKind.MinusEqualsToken, SyntaxKind.AsteriskEqualsToken,
  SyntaxKind.SlashEqualsToken, SyntaxKind.PercentEqualsToken, SyntaxKind.AmpersandEqualsToken, SyntaxKind.BarEqualsToken,
  SyntaxKind.CaretEqualsToken, SyntaxKind.LessThanLessThanEqualsToken, SyntaxKind.GreaterThanGreaterThanEqualsToken,
  SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
]);

/** Whether evaluating `node` may change state: an assignment, `++`/`--`, or a call of an impure function. */
export function hasEffects(node: Node): boolean {
  const check = (n: Node): boolean => {
    if (Node.isPrefixUnaryExpression(n) || Node.isPostfixUnaryExpression(n)) {
      const op = n.getOperatorToken();
      if (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) return true;
    }
    if (Node.isBinaryExpression(n) && assignments.has(n.getOperatorToken().getKind())) return true;
    if (Node.isCallExpression(n) && !isPureCall(n)) return true;
    return false;
  };
  return check(node) || node.getDescendants().some(check);
}

const purity = new WeakMap<Node, boolean>();

/** Prelude intrinsics and Math.imul are pure; so is one of our functions that only writes its own locals. */
function isPureCall(call: Node): boolean {
  const callee = call.asKindOrThrow(SyntaxKind.CallExpression).getExpression();
  if (intrinsicOf(callee)) return true;
  const decl = Node.isIdentifier(callee) ? declarationOf(callee) : undefined;
  if (!decl) return false;
  if (!Node.isFunctionDeclaration(decl) || !decl.hasBody()) return false; // a C function: anything may happen
  return isPureFunction(decl);
}

/**
 * A parameter type our functions take by reference (ctypes.ts paramType): a
 * struct, i.e. an interface, a class or a type literal of the program, through
 * its type aliases. Assigning such a parameter writes the caller's memory; any
 * other parameter (a scalar, an enum, a pointer, a byte string) is a local copy.
 */
function byReference(tn: Node | undefined): boolean {
  if (!tn) return false;
  if (Node.isTypeLiteral(tn)) return true;
  if (Node.isUnionTypeNode(tn)) return tn.getTypeNodes().some(byReference);
  if (!Node.isTypeReference(tn) || preludeTypeNamed(tn.getTypeName())) return false;
  let sym = tn.getTypeName().getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  return (sym?.getDeclarations() ?? []).some((d) =>
    Node.isInterfaceDeclaration(d) || Node.isClassDeclaration(d) || (Node.isTypeAliasDeclaration(d) && byReference(d.getTypeNode())));
}

function isPureFunction(fn: import("ts-morph").FunctionDeclaration): boolean {
  const known = purity.get(fn);
  if (known !== undefined) return known;
  purity.set(fn, true); // recursion: assume pure while looking
  const body = fn.getBodyOrThrow();
  const ownScalar = (target: Node): boolean => {
    // only a plain name declared inside this function (not a struct parameter, which points at the caller's memory)
    if (!Node.isIdentifier(target)) return false;
    const d = declarationOf(target);
    if (!d || !d.getAncestors().includes(fn)) return false;
    return !(Node.isParameterDeclaration(d) && byReference(d.getTypeNode()));
  };
  const impure = body.getDescendants().some((n) => {
    if (Node.isPrefixUnaryExpression(n) || Node.isPostfixUnaryExpression(n)) {
      const op = n.getOperatorToken();
      return (op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken) && !ownScalar(n.getOperand());
    }
    if (Node.isBinaryExpression(n) && assignments.has(n.getOperatorToken().getKind())) return !ownScalar(n.getLeft());
    if (Node.isCallExpression(n)) return !isPureCall(n);
    return false;
  });
  purity.set(fn, !impure);
  return !impure;
}
