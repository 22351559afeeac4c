import { Node, SyntaxKind, type TypeNode } from "ts-morph";
import type { LowerContext } from "../lower/context.ts";
import { base, describe, intInfo, type CType } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import { cTypeOf } from "../lower/typenodes.ts";

/** What one member of a parameter's type accepts from Lua. */
export type ArgKind =
  | { k: "string" }
  | { k: "int"; t: CType }
  | { k: "number" }
  | { k: "flag" } // boolean, or a number where 0 is false (NodeMCU's 0/1 flags)
  | { k: "function" }
  | { k: "table" }
  | { k: "struct"; t: Extract<CType, { k: "struct" }> };

/** The Lua type names in error messages, as Lua's own luaL_check* functions word them. */
export const expectedName: Record<ArgKind["k"], string> = {
  string: "string", int: "number", number: "number", flag: "boolean", function: "function", table: "table", struct: "table",
};

/**
 * The lua_type() values that let an argument pass optional parameters before it
 * to reach one of this kind: a string reaches an integer only in the integer's
 * own place, so a stray string is still an error at the parameter it was meant for.
 */
export function skipTypesOf(k: ArgKind): string[] {
  return k.k === "int" ? ["LUA_TNUMBER"] : luaTypesOf[k.k];
}

/**
 * The lua_type() values each kind accepts. An integer takes a string Lua converts
 * to one (as luaL_checkinteger does): a port read from a config file.
 */
export const luaTypesOf: Record<ArgKind["k"], string[]> = {
  string: ["LUA_TSTRING", "LUA_TNUMBER"], int: ["LUA_TNUMBER", "LUA_TSTRING"], number: ["LUA_TNUMBER"], flag: ["LUA_TBOOLEAN", "LUA_TNUMBER"],
  function: ["LUA_TFUNCTION"], table: ["LUA_TTABLE"], struct: ["LUA_TTABLE"],
};

/** The Lua side of one TypeScript parameter type (a union becomes several kinds). */
export function argKinds(tn: TypeNode, ctx: LowerContext): { kinds: ArgKind[]; nullable: boolean } {
  const parts = Node.isUnionTypeNode(tn) ? tn.getTypeNodes() : [tn];
  const kinds: ArgKind[] = [];
  let nullable = false;
  for (const p of parts) {
    if (p.getText() === "null" || p.getText() === "undefined") {
      nullable = true;
      continue;
    }
    if (p.getKind() === SyntaxKind.BooleanKeyword) {
      kinds.push({ k: "flag" });
      continue;
    }
    const t = cTypeOf(p, ctx);
    const b = base(t);
    if (b.k === "bytes") kinds.push({ k: "string" });
    else if (b.k === "int" || b.k === "enum") kinds.push({ k: "int", t });
    else if (b.k === "double") kinds.push({ k: "number" });
    else if (b.k === "bool") kinds.push({ k: "flag" });
    else if (b.k === "lua" && b.what === "function") kinds.push({ k: "function" });
    else if (b.k === "lua" && b.what === "table") kinds.push({ k: "table" });
    else if (b.k === "struct" && !b.external) {
      checkTableFields(p, b, ctx);
      kinds.push({ k: "struct", t: b });
    }
    else ctx.fail(p, "BindingParam", tn.getParent()?.getText() ?? "", p.getText());
  }
  // `p: null` (or `p: | null`, which TypeScript reads the same): no Lua value could ever reach it
  if (kinds.length === 0) ctx.fail(tn, "BindingParam", tn.getParent()?.getText() ?? "", `${tn.getText()} (only null: give the type of the value it takes, e.g. LuaFunction | null)`);
  return { kinds, nullable };
}

export function intRange(t: CType): [bigint, bigint] | undefined {
  const b = base(t);
  return b.k === "int" ? [intInfo[b.name].min, intInfo[b.name].max] : undefined;
}

/** A table-shaped argument's fields are strings (LuaString), integers or flags: reported at the field. */
function checkTableFields(p: TypeNode, t: Extract<CType, { k: "struct" }>, ctx: LowerContext): void {
  const name = Node.isTypeReference(p) ? p.getTypeName() : undefined;
  const decl = name ? declarationOf(name) : undefined;
  for (const [field, ft] of t.fields()) {
    const k = base(ft).k;
    if (k === "bytes" || k === "int" || k === "bool") continue;
    const at = decl && Node.isInterfaceDeclaration(decl) ? decl.getProperty(field)?.getTypeNode() : undefined;
    ctx.fail(at ?? p, "BindingParam", field, `a field of a table argument is a LuaString, an integer or a bool, not ${describe(ft)}`);
  }
}
