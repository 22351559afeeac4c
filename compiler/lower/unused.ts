import { Node, SyntaxKind } from "ts-morph";

/**
 * Whether a declaration is read anywhere. C compilers reject unused locals
 * and unused static functions under -Wall -Werror, where TypeScript (without
 * noUnusedLocals) says nothing: tsc2c reports them instead of emitting C that
 * does not build.
 */
export function isReferenced(decl: Node, within: Node, writesCount = false): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return true;
  const name = nameNode.getText();
  const sym = nameNode.getSymbol();
  return within.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
    if (id === nameNode || id.getText() !== name || (!writesCount && isOnlyWritten(id))) return false;
    let s = id.getSymbol();
    if (s?.isAlias()) s = s.getAliasedSymbol() ?? s;
    return s === sym || s?.getDeclarations().includes(decl) === true;
  });
}

/** The scope a local is visible in: its enclosing block or for statement. */
export function localScope(decl: Node): Node {
  return decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isForStatement(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
}

/** `x = e;` or `x += e;` as a statement writes x without reading it: gcc and clang say "set but not used". */
function isOnlyWritten(id: Node): boolean {
  const parent = id.getParent();
  if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== id) return false;
  const op = parent.getOperatorToken().getText();
  if (!op.endsWith("=") || ["==", "===", "!=", "!==", "<=", ">="].includes(op)) return false;
  const user = parent.getParent();
  return Node.isExpressionStatement(user) || (Node.isForStatement(user) && user.getIncrementor() === parent);
}
