import { Node, SyntaxKind } from "ts-morph";
import { preludeTypeNamed } from "../load/prelude.ts";
import { isCOnly, isLuaModuleFile } from "../bind/model.ts";
import { tagOf } from "../bind/jsdoc.ts";

/**
 * The one arrow function the subset takes: `return () => ...` straight out of
 * a Lua-facing function (an exported function or a public method of a
 * `@userdata` class of a `@luaModule` file) declared to return `LuaFunction`
 * (or `LuaFunction | null`). The binding makes it a C closure and checks what
 * it captures (bind/closures.ts); any other arrow stays outside the subset.
 */
export function isLuaClosure(arrow: Node): boolean {
  if (!Node.isArrowFunction(arrow)) return false;
  let at: Node = arrow;
  while (Node.isParenthesizedExpression(at.getParentOrThrow())) at = at.getParentOrThrow();
  const ret = at.getParentOrThrow();
  if (!Node.isReturnStatement(ret)) return false;
  const fn = ret.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  if (!fn || !isLuaFacing(fn) || !returnsLuaFunction(fn)) return false;
  return true;
}

/** A function of a `@luaModule` file that Lua calls: an exported function, or a public method of a `@userdata` class. */
function isLuaFacing(fn: Node): boolean {
  if (!isLuaModuleFile(fn.getSourceFile())) return false;
  if (Node.isFunctionDeclaration(fn)) return fn.isExported() && tagOf(fn, "luaTask") === undefined && fn.getParent() === fn.getSourceFile();
  if (!Node.isMethodDeclaration(fn) || isCOnly(fn)) return false;
  const cls = fn.getParent();
  return Node.isClassDeclaration(cls) && tagOf(cls, "userdata") !== undefined;
}

/** Declared to return the prelude's `LuaFunction` (possibly `| null`). */
function returnsLuaFunction(fn: Node): boolean {
  const tn = Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn) ? fn.getReturnTypeNode() : undefined;
  if (!tn) return false;
  const parts = Node.isUnionTypeNode(tn) ? tn.getTypeNodes() : [tn];
  const rest = parts.filter((p) => !(Node.isLiteralTypeNode(p) && p.getLiteral().getKind() === SyntaxKind.NullKeyword) && p.getKind() !== SyntaxKind.UndefinedKeyword);
  return rest.length === 1 && Node.isTypeReference(rest[0]!) && preludeTypeNamed(rest[0]!.getTypeName()) === "LuaFunction";
}
