import type { Node } from "ts-morph";
import { id } from "../../cast/ast.ts";
import type { Typed } from "../../lower/context.ts";
import { base } from "../../lower/ctypes.ts";
import { intrinsicOf, preludeTypeOfType } from "../../load/prelude.ts";
import type { BindState } from "../state.ts";
import { declarationOf } from "../../lower/symbols.ts";
import { bareRest, lowerValue } from "../values.ts";

/**
 * The names the binding gives meaning to: the prelude's `L` and `LUA_NOREF`,
 * a pairs() key or value (a results list is refused: only pushed and returned), and a parameter of the Lua C function being
 * lowered (a union parameter reads the C local of the member TypeScript
 * narrowed it to). Undefined for any other name.
 */
export function lowerBindingIdentifier(s: BindState, node: Node): Typed | undefined {
  const ctx = s.ctx;
  switch (intrinsicOf(node)) {
    case "LUA_NOREF": return { c: id("LUA_NOREF"), t: { k: "lua", what: "ref" } };
    case "L": return { c: s.L(), t: { k: "lua", what: "state" } };
  }
  s.results.identifier(node);
  // a LuaBuffer is only the receiver of its methods (bind/buffer.ts reads it there)
  const d = declarationOf(node);
  const known = d && ctx.symbols.get(d);
  if (known && known.type.k === "lua" && known.type.what === "buffer") return ctx.fail(node, "BindingBuffer", node.getText(), "a LuaBuffer is only used through its methods");
  const slot = s.walks.identifier(node);
  if (slot) return slot;
  // a LuaValue (a parameter, a vararg or callLua() result kept in a local), read as narrowed
  const value = lowerValue(s, node) ?? bareRest(s, node);
  if (value) return value;
  const b = s.paramOf(node);
  if (!b) return undefined;
  if (b.locals.size < 2) {
    s.luaFn!.usedIndex.add([...b.locals.values()][0]!.cname);
    return undefined;
  }
  // a union parameter: TypeScript's narrowed type says which member this use means
  const tsType = node.getType();
  const prelude = preludeTypeOfType(tsType, node);
  const pick = tsType.isBoolean() || tsType.isBooleanLiteral() ? "flag"
    : tsType.isNumber() ? "int"
    : prelude === "Bytes" || prelude === "LuaString" ? "string"
    : prelude === "LuaTable" ? "table"
    : prelude === "LuaFunction" ? "function" : "struct";
  const l = b.locals.get(pick as never);
  if (!l) return ctx.fail(node, "BindingParam", node.getText(), `use isTable()/isString() to narrow the union first (got ${tsType.getText()})`);
  s.luaFn!.usedIndex.add(l.cname);
  return { c: id(l.cname), t: l.t, ...(base(l.t).k === "struct" ? { structValue: true } : {}) };
}
