import { Node, SyntaxKind } from "ts-morph";
import { declarationOf } from "./symbols.ts";
import { intrinsicOf } from "../load/prelude.ts";

/**
 * Whether two expressions are the same computation, compared by structure:
 * the same node kinds all the way down, names that resolve to the same
 * declaration, literals of the same value. Spacing, parentheses' layout and
 * comments do not matter; `a.x` and `b.x` differ when `a` and `b` do.
 */
export function sameExpression(a: Node, b: Node): boolean {
  if (a.getKind() !== b.getKind()) return false;
  if (Node.isIdentifier(a)) {
    const da = declarationOf(a);
    return da !== undefined && da === declarationOf(b);
  }
  if (Node.isNumericLiteral(a)) return a.getLiteralValue() === (b as typeof a).getLiteralValue();
  if (Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a)) return a.getLiteralValue() === (b as typeof a).getLiteralValue();
  const ca = a.getChildren(), cb = b.getChildren();
  return ca.length === cb.length && ca.every((c, i) => sameExpression(c, cb[i]!));
}

/** The value of a numeric literal, of `-literal`, under any parentheses; undefined for anything else. */
export function literalValue(n: Node): number | undefined {
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  if (Node.isNumericLiteral(n)) return n.getLiteralValue();
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken) {
    const v = literalValue(n.getOperand());
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** Operators whose operands C compilers compare in either order (gcc's operand_equal_p). */
const COMMUTATIVE = new Set([SyntaxKind.PlusToken, SyntaxKind.AsteriskToken, SyntaxKind.AmpersandToken, SyntaxKind.BarToken,
  SyntaxKind.CaretToken, SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken]);

/** Conversions that are one C type (`int` is `int32_t`): gcc sees `int(x)` and `int32(x)` as the same value. */
const SAME_CONVERSION: Record<string, string> = { int: "int32" };

/**
 * Whether C compilers may take two expressions for one value, as gcc does
 * before -Wtautological-compare: sameExpression(), and also under
 * parentheses, through conversions to one C type (`int(a ^ b)` and
 * `int32(b ^ a)`), and with a commutative operator's operands swapped.
 */
export function sameForC(a: Node, b: Node): boolean {
  while (Node.isParenthesizedExpression(a)) a = a.getExpression();
  while (Node.isParenthesizedExpression(b)) b = b.getExpression();
  if (Node.isCallExpression(a) && Node.isCallExpression(b) && a.getArguments().length === 1 && b.getArguments().length === 1) {
    const ca = intrinsicOf(a), cb = intrinsicOf(b);
    if (ca !== undefined && cb !== undefined && (SAME_CONVERSION[ca] ?? ca) === (SAME_CONVERSION[cb] ?? cb)) return sameForC(a.getArguments()[0]!, b.getArguments()[0]!);
  }
  if (Node.isBinaryExpression(a) && Node.isBinaryExpression(b)) {
    const op = a.getOperatorToken().getKind();
    if (op !== b.getOperatorToken().getKind()) return false;
    if (sameForC(a.getLeft(), b.getLeft()) && sameForC(a.getRight(), b.getRight())) return true;
    return COMMUTATIVE.has(op) && sameForC(a.getLeft(), b.getRight()) && sameForC(a.getRight(), b.getLeft());
  }
  return sameExpression(a, b);
}
