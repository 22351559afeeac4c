import { str, call, exprStmt, id, int, named, type CExpr, type CStmt } from "../../cast/ast.ts";
import { base, intInfo, toSpec, type CType } from "../../lower/ctypes.ts";
import { useArgHelpers } from "../helpers.ts";
import type { KindDescriptor } from "./kind.ts";

/** The range of an integer C type (undefined for an enum: any int). */
export function intRange(t: CType): [bigint, bigint] | undefined {
  const b = base(t);
  return b.k === "int" ? [intInfo[b.name].min, intInfo[b.name].max] : undefined;
}

/**
 * An integer: a number with an integer value, or a string Lua converts to one
 * (as luaL_checkinteger does: a port read from a config file), never truncated
 * under Lua 5.1 as under 5.3, and within the C type's range.
 */
export const integerKind: KindDescriptor = {
  name: "int", lua: "integer", luaLS: "integer", expected: "number",
  arg: {
    // a string reaches an integer only in the integer's own place: a stray string is still an error at the parameter it was meant for
    accepts: ["LUA_TNUMBER", "LUA_TSTRING"], skips: ["LUA_TNUMBER"], readAs: "LUA_TNUMBER",
    of: (t) => (base(t).k === "int" || base(t).k === "enum" ? { k: "int", t } : undefined),
    type: (k) => (k.k === "int" ? k.t : { k: "int", name: "int" }),
    initial: int(0),
    read({ ctx, kind, target, used, at }): CStmt[] {
      const t = kind.k === "int" ? kind.t : { k: "int" as const, name: "int" as const };
      const r = intRange(t);
      let value: CExpr;
      if (r && r[0] >= -(2n ** 31n) && r[1] <= 2n ** 31n - 1n) {
        const narrower = r[0] > -(2n ** 31n) || r[1] < 2n ** 31n - 1n;
        useArgHelpers(ctx, narrower ? "check_int_in" : "check_int");
        value = narrower ? call("check_int_in", id("L"), at, int(String(r[0])), int(String(r[1]))) : call("check_int", id("L"), at);
      } else value = call("luaL_checkinteger", id("L"), at);
      if (!used) return [exprStmt(value)];
      // check_int() returns an int already
      const spec = toSpec(t);
      const plainInt = value.kind === "call" && value.callee.kind === "ident" && value.callee.name === "check_int" && spec.kind === "name" && spec.name === "int";
      return [exprStmt({ kind: "assign", op: "=", target, value: plainInt ? value : { kind: "cast", type: spec, operand: value } })];
    },
    readField(ctx, dst, name, t, table) {
      useArgHelpers(ctx, "field_int");
      return exprStmt({ kind: "assign", op: "=", target: dst, value: { kind: "cast", type: toSpec(t), operand: call("field_int", id("L"), table, str(name)) } });
    },
  },
  value: {
    holds: ["int", "enum"],
    push: (L, v) => call("lua_pushinteger", L, v),
    param: () => ({ c: named("lua_Integer"), part: "int" }),
    crossesTasks: ["int", "enum"],
    returnable: true,
  },
};
