import { Node, SyntaxKind } from "ts-morph";

/**
 * Whether a declaration is read anywhere. C compilers reject unused locals
 * and unused static functions under -Wall -Werror, where TypeScript (without
 * noUnusedLocals) says nothing: tsc2c reports them instead of emitting C that
 * does not build.
 */
export function isReferenced(decl: Node, within: Node): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return true;
  const name = nameNode.getText();
  const sym = nameNode.getSymbol();
  return within.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
    if (id === nameNode || id.getText() !== name) return false;
    let s = id.getSymbol();
    if (s?.isAlias()) s = s.getAliasedSymbol() ?? s;
    return s === sym || s?.getDeclarations().includes(decl) === true;
  });
}

/** The scope a local is visible in: its enclosing block or for statement. */
export function localScope(decl: Node): Node {
  return decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isForStatement(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
}
