import { str, call, cast, exprStmt, id, member, type CStmt } from "../../cast/ast.ts";
import { base, toSpec, type CType } from "../../lower/ctypes.ts";
import type { KindDescriptor } from "./kind.ts";

/** A pointer to a userdata class's struct. */
const objectPointer = (t: CType): CType => (base(t).k === "ptr" ? t : { k: "ptr", to: t });

/**
 * An object of the module: as an argument, checked against its class's
 * metatable (luaL_checkudata, Lua's own "X expected" wording); handed back,
 * pushed through its weak self-ref (the same userdata Lua holds).
 */
export const userdataKind: KindDescriptor = {
  name: "userdata", lua: "userdata", luaLS: "userdata", expected: "userdata",
  arg: {
    accepts: ["LUA_TUSERDATA"], skips: ["LUA_TUSERDATA"], readAs: "LUA_TUSERDATA",
    of: (t, meta) => {
      const m = meta(t);
      return m !== undefined ? { k: "userdata", t: objectPointer(t), meta: m } : undefined;
    },
    expected: (k) => (k.k === "userdata" ? k.meta : "userdata"),
    type: (k) => (k.k === "userdata" ? k.t : { k: "ptr", to: { k: "void" } }),
    initial: id("NULL"),
    read({ kind, target, used, at }): CStmt[] {
      if (kind.k !== "userdata") return [];
      const check = call("luaL_checkudata", id("L"), at, str(kind.meta));
      return [exprStmt(used ? { kind: "assign", op: "=", target, value: cast(toSpec(kind.t), check) } : check)];
    },
  },
  value: {
    holds: [],
    push: (L, v, t) => call("luaX_push_weak_ref", L, member(v, "self_ref", t.k === "ptr")),
    crossesTasks: [],
    // `return this` (method chaining) or another object of the module: the same userdata Lua holds
    returnable: true,
  },
};

/** null handed to Lua. */
export const nilKind: KindDescriptor = {
  name: "nil", lua: "nil", luaLS: "nil", expected: "nil",
  value: { holds: ["null"], push: (L) => call("lua_pushnil", L), crossesTasks: [], returnable: false },
};
