import { call, exprStmt, id, int, named, type CStmt } from "../../cast/ast.ts";
import { base, DOUBLE } from "../../lower/ctypes.ts";
import type { KindDescriptor } from "./kind.ts";

/** A Lua number, as a C double. */
export const numberKind: KindDescriptor = {
  name: "number", lua: "number", luaLS: "number", expected: "number",
  arg: {
    accepts: ["LUA_TNUMBER"], skips: ["LUA_TNUMBER"], readAs: "LUA_TNUMBER",
    of: (t) => (base(t).k === "double" ? { k: "number" } : undefined),
    type: () => DOUBLE,
    initial: int(0),
    read({ target, used, at }): CStmt[] {
      const value = call("luaL_checknumber", id("L"), at);
      return [exprStmt(used ? { kind: "assign", op: "=", target, value } : value)];
    },
  },
  value: {
    holds: ["double"],
    push: (L, v) => call("lua_pushnumber", L, v),
    param: () => ({ c: named("lua_Number"), part: "num" }),
    crossesTasks: ["double"],
    returnable: true,
  },
};
