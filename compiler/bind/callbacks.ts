import { call, exprStmt, id, ifStmt, int, member, named, ptr, type CExpr, type CStmt, type CTypeSpec } from "../cast/ast.ts";
import type { LowerContext, Typed } from "../lower/context.ts";
import { base } from "../lower/ctypes.ts";
import { emitHelper } from "./helpers.ts";

/** The values a callback helper passes on after the userdata: C parameter type, push call, name part. */
const passed: Record<string, { c: CTypeSpec; push: (a: CExpr) => CExpr; part: string }> = {
  bool: { c: named("bool"), push: (a) => call("lua_pushboolean", id("L"), a), part: "bool" },
  int: { c: named("lua_Integer"), push: (a) => call("lua_pushinteger", id("L"), a), part: "int" },
  enum: { c: named("lua_Integer"), push: (a) => call("lua_pushinteger", id("L"), a), part: "int" },
  double: { c: named("lua_Number"), push: (a) => call("lua_pushnumber", id("L"), a), part: "num" },
  cstring: { c: ptr(named("char", true)), push: (a) => call("lua_pushstring", id("L"), a), part: "str" },
  bytes: { c: named("tsc2c_bytes"), push: (a) => call("lua_pushlstring", id("L"), member(a, "ptr"), member(a, "len")), part: "bytes" },
};

/** Whether evaluating an expression calls anything (then it stays under the callback's `if`, evaluated only when called). */
function calls(e: CExpr): boolean {
  return JSON.stringify(e).includes('"kind":"call"');
}

/**
 * callLua(fn, userdata, ...values) as one call of a helper per call shape,
 * `call_<shape>(L, fn, self_ref, values...)`, emitted once: the same `(client, ok)`
 * callback is called from many places, and each inline copy of push, push,
 * pcall costs flash. Undefined (the caller emits it inline) when a value is of
 * another kind or its evaluation calls something (it must not run when no
 * callback is set).
 */
export function callbackCall(ctx: LowerContext, L: CExpr, fn: CExpr, selfRef: CExpr, values: Typed[]): CStmt[] | undefined {
  const kinds = values.map((v) => passed[base(v.t).k]);
  if (kinds.some((k) => !k) || values.some((v) => calls(v.c))) return undefined;
  const shape = kinds.map((k) => k!.part);
  const name = ["call", "self", ...shape].join("_");
  const what = shape.length ? `the userdata and (${shape.join(", ")})` : "the userdata";
  emitHelper(ctx, {
    name,
    needs: ["push_callback", ...(kinds.some((k) => k!.part === "bytes") ? ["tsc2c_bytes" as const] : [])],
    // luaL_pcallx leaves the error object of a callback that failed
    stack: "[-0, +0 or +1, e]",
    doc: `calls the function a registry ref holds with ${what}; nothing when the ref is unset`,
    build: () => ({
      kind: "function", ret: named("void"), name, isStatic: true,
      params: [{ type: ptr(named("lua_State")), name: "L" }, { type: named("lua_ref_t"), name: "fn" }, { type: named("lua_ref_t"), name: "self" },
        ...kinds.map((k, i) => ({ type: k!.c, name: `a${i + 1}` }))],
      body: [ifStmt(call("push_callback", id("L"), id("fn"), id("self")), [
        ...kinds.map((k, i) => exprStmt(k!.push(id(`a${i + 1}`)))),
        exprStmt(call("luaL_pcallx", id("L"), int(values.length + 1), int(0))),
      ])],
    }),
  });
  return [exprStmt(call(name, L, fn, selfRef, ...values.map((v) => v.c)))];
}
