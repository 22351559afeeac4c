import { Node, SyntaxKind } from "ts-morph";
import { declarationOf } from "./symbols.ts";

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
