import type { Node } from "ts-morph";

/**
 * The 1-based line a node starts on, from TypeScript's cached line map of its
 * file (a binary search). ts-morph's getStartLineNumber() counts the newlines
 * from the file's start at every call: quadratic over a module, ~3% of a build.
 */
export function startLine(node: Node): number {
  return node.getSourceFile().compilerNode.getLineAndCharacterOfPosition(node.getStart()).line + 1;
}
