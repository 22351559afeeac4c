import { Node, SyntaxKind } from "ts-morph";

/**
 * The first name a nested function reads from an enclosing function's scope,
 * or undefined when it captures nothing (it could be a top-level function).
 */
export function capturedName(fn: Node): string | undefined {
  const enclosing = fn.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  if (!enclosing) return undefined;
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    const decl = id.getSymbol()?.getDeclarations()[0];
    if (!decl || decl.getSourceFile() !== fn.getSourceFile()) continue;
    const inEnclosing = decl.getAncestors().includes(enclosing) && !decl.getAncestors().includes(fn) && decl !== fn;
    if (inEnclosing) return id.getText();
  }
  return undefined;
}
