import { call, exprStmt, id, int, type CStmt } from "../../cast/ast.ts";
import { base } from "../../lower/ctypes.ts";
import type { ArgSide, KindDescriptor } from "./kind.ts";

/** An argument held by its stack index (0 when left out): a C function keeps it in a LuaRef or passes it on. */
function byIndex(luaType: "LUA_TFUNCTION" | "LUA_TTABLE", what: "function" | "table"): ArgSide {
  return {
    accepts: [luaType], skips: [luaType], readAs: luaType,
    of: (t) => {
      const b = base(t);
      return b.k === "lua" && b.what === what ? { k: what } : undefined;
    },
    type: () => ({ k: "lua", what }),
    initial: int(0),
    read({ target, used, at, checked }): CStmt[] {
      return [
        ...(checked ? [exprStmt(call("luaL_checktype", id("L"), at, id(luaType)))] : []),
        ...(used ? [exprStmt({ kind: "assign", op: "=", target, value: at })] : []),
      ];
    },
  };
}

/** A Lua function argument (LuaFunction). */
export const functionKind: KindDescriptor = { name: "function", lua: "function", luaLS: "function", expected: "function", arg: byIndex("LUA_TFUNCTION", "function") };

/** A Lua table argument read with pairs() (LuaTable). */
export const tableKind: KindDescriptor = { name: "table", lua: "table", luaLS: "table", expected: "table", arg: byIndex("LUA_TTABLE", "table") };
