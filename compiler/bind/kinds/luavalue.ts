import { call, exprStmt, id, int, type CExpr, type CStmt } from "../../cast/ast.ts";
import type { LowerContext } from "../../lower/context.ts";
import { base, type CType } from "../../lower/ctypes.ts";
import { useArgHelpers } from "../helpers.ts";
import type { KindDescriptor } from "./kind.ts";

/** Every Lua type: a LuaValue argument takes any of them, nil included. */
const ANY = ["LUA_TNIL", "LUA_TBOOLEAN", "LUA_TLIGHTUSERDATA", "LUA_TNUMBER", "LUA_TSTRING", "LUA_TTABLE", "LUA_TFUNCTION", "LUA_TUSERDATA", "LUA_TTHREAD"];

/** A C expression that is a stack index known to hold a value (a required argument's constant index), not 0. */
export const isFixedIndex = (v: CExpr): boolean => v.kind === "int" && v.text !== "0";

/**
 * The Lua type of a value held by its stack index: `lua_type()` where the
 * index is a required argument's, else value_type(), for which 0 (an element
 * past the last vararg, nothing there) is nil.
 */
export function luaTypeOfValue(ctx: LowerContext, L: CExpr, v: CExpr): CExpr {
  if (isFixedIndex(v)) return call("lua_type", L, v);
  useArgHelpers(ctx, "value_type");
  return call("value_type", L, v);
}

/**
 * Pushes a Lua value the module holds: a stack index (a LuaValue, LuaFunction
 * or LuaTable argument, a vararg, callLua()'s result) is pushed again
 * (lua_pushvalue, nil for 0); a registry ref (a LuaValue field) is looked up
 * (an unset ref, LUA_NOREF, is nil in the registry).
 */
function pushHeld(L: CExpr, v: CExpr, t: CType, ctx: LowerContext): CExpr {
  const b = base(t);
  if (b.k === "lua" && b.what === "ref") return call("lua_rawgeti", L, id("LUA_REGISTRYINDEX"), v);
  if (isFixedIndex(v) || (b.k === "lua" && (b.what === "function" || b.what === "table"))) return call("lua_pushvalue", L, v);
  useArgHelpers(ctx, "push_value");
  return call("push_value", L, v);
}

/**
 * Any Lua value (LuaValue). As an argument it is its stack index, checked
 * only for being there (luaL_checkany: nil is a value, no argument is not);
 * a rest parameter `...args: LuaValue[]` holds the arguments after the fixed
 * ones. Handed back (a return, a callback argument) it is the same Lua value.
 * A LuaFunction or LuaTable argument, and a LuaValue field (a ref), are
 * pushed back the same way.
 */
export const valueKind: KindDescriptor = {
  name: "value", lua: "any", luaLS: "any", expected: "value",
  arg: {
    accepts: ANY, skips: ANY, readAs: "LUA_TNONE",
    of: (t) => {
      const b = base(t);
      return b.k === "lua" && b.what === "value" ? { k: "value" } : undefined;
    },
    type: () => ({ k: "lua", what: "value" }),
    initial: int(0),
    read({ target, used, at, checked }): CStmt[] {
      return [
        ...(checked ? [exprStmt(call("luaL_checkany", id("L"), at))] : []),
        ...(used ? [exprStmt({ kind: "assign", op: "=", target, value: at })] : []),
      ];
    },
  },
  value: {
    holds: ["lua"],
    push: pushHeld,
    luaOf: (t) => {
      const b = base(t);
      return b.k === "lua" && (b.what === "function" || b.what === "table") ? b.what : "any";
    },
    crossesTasks: [],
    returnable: true,
  },
};
