import { str, call, exprStmt, id, member, named, ptr, type CStmt } from "../../cast/ast.ts";
import { base, BYTES } from "../../lower/ctypes.ts";
import { useArgHelpers } from "../helpers.ts";
import type { KindDescriptor } from "./kind.ts";

/** A Lua string (a number is converted, as Lua's own string functions do), read as a (pointer, length) byte string. */
export const stringKind: KindDescriptor = {
  name: "string", lua: "string", luaLS: "string", expected: "string",
  arg: {
    accepts: ["LUA_TSTRING", "LUA_TNUMBER"], skips: ["LUA_TSTRING", "LUA_TNUMBER"], readAs: "LUA_TSTRING",
    of: (t) => (base(t).k === "bytes" ? { k: "string" } : undefined),
    type: () => BYTES,
    initial: { kind: "init", fields: [] },
    read({ target, used, at }): CStmt[] {
      // an unread argument is still checked (a number made a string in place, as Lua does)
      if (!used) return [exprStmt(call("luaL_checklstring", id("L"), at, id("NULL")))];
      return [exprStmt({ kind: "assign", op: "=", target: member(target, "ptr"), value: call("luaL_checklstring", id("L"), at, { kind: "unary", op: "&", operand: member(target, "len") }) })];
    },
    readField(ctx, dst, name, _t, table) {
      useArgHelpers(ctx, "field_string");
      return exprStmt({ kind: "assign", op: "=", target: member(dst, "ptr"), value: call("field_string", id("L"), table, str(name), { kind: "unary", op: "&", operand: member(dst, "len") }) });
    },
  },
  value: {
    holds: ["bytes", "cstring"],
    push: (L, v, t) => (t.k === "cstring" ? call("lua_pushstring", L, v) : call("lua_pushlstring", L, member(v, "ptr"), member(v, "len"))),
    param: (t) => (t.k === "cstring" ? { c: ptr(named("char", true)), part: "str" } : { c: named("tsc2c_bytes"), part: "bytes" }),
    crossesTasks: ["bytes"],
    returnable: true,
  },
};
