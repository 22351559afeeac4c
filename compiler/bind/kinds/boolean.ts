import { str, call, exprStmt, id, named, type CStmt } from "../../cast/ast.ts";
import { base, BOOL } from "../../lower/ctypes.ts";
import { useArgHelpers } from "../helpers.ts";
import type { KindDescriptor } from "./kind.ts";

/** A boolean argument also takes a number where 0 is false (NodeMCU's 0/1 flags); a returned bool is a Lua boolean. */
export const booleanKind: KindDescriptor = {
  name: "flag", lua: "boolean", luaLS: "boolean|integer", expected: "boolean",
  arg: {
    accepts: ["LUA_TBOOLEAN", "LUA_TNUMBER"], skips: ["LUA_TBOOLEAN", "LUA_TNUMBER"], readAs: "LUA_TBOOLEAN",
    of: (t) => (base(t).k === "bool" ? { k: "flag" } : undefined),
    type: () => BOOL,
    initial: id("false"),
    read({ ctx, target, used, at }): CStmt[] {
      useArgHelpers(ctx, "check_flag");
      const value = call("check_flag", id("L"), at);
      return [exprStmt(used ? { kind: "assign", op: "=", target, value } : value)];
    },
    readField(ctx, dst, name, _t, table) {
      useArgHelpers(ctx, "field_flag");
      return exprStmt({ kind: "assign", op: "=", target: dst, value: call("field_flag", id("L"), table, str(name)) });
    },
  },
  value: {
    holds: ["bool"],
    push: (L, v) => call("lua_pushboolean", L, v),
    param: () => ({ c: named("bool"), part: "bool" }),
    crossesTasks: ["bool"],
    returnable: true,
  },
};
