import { Node, SyntaxKind } from "ts-morph";
import { intrinsicOf } from "../load/prelude.ts";

/**
 * `for (const [key, value] of pairs(t))`: the one for...of the subset takes,
 * a walk over a Lua table (the binding lowers it to lua_next). True when the
 * loop iterates a call of the prelude's pairs() and binds an array pattern.
 */
export function isPairsLoop(node: Node): boolean {
  if (!Node.isForOfStatement(node)) return false;
  const e = node.getExpression();
  if (!Node.isCallExpression(e)) return false;
  const callee = e.getExpression();
  if (!Node.isIdentifier(callee)) return false;
  if (intrinsicOf(callee) !== "pairs") return false;
  const init = node.getInitializer();
  const d = Node.isVariableDeclarationList(init) ? init.getDeclarations() : [];
  return d.length === 1 && d[0]!.getNameNode().getKind() === SyntaxKind.ArrayBindingPattern;
}
