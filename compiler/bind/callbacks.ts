import { call, exprStmt, mentions, id, ifStmt, int, named, ptr, type CExpr, type CStmt, type CTypeSpec } from "../cast/ast.ts";
import type { LowerContext, Typed } from "../lower/context.ts";
import { base, type CType } from "../lower/ctypes.ts";
import { valueKindOf } from "./kinds/index.ts";
import { emitHelper } from "./helpers.ts";
import { applies } from "./policies.ts";

/** What a callback helper passes on after the userdata, as the value's kind says (kinds/): C parameter type, push, name part. */
function passed(ctx: LowerContext, t: CType): { c: CTypeSpec; push: (a: CExpr) => CExpr; part: string } | undefined {
  const kind = valueKindOf(t, false);
  const param = kind?.value.param?.(base(t));
  return kind && param && { ...param, push: (a) => kind.value.push(id("L"), a, base(t), ctx) };
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
  if (!applies(ctx, "shared-callback", 1)) return undefined;
  const kinds = values.map((v) => passed(ctx, v.t));
  if (kinds.some((k) => !k) || values.some((v) => mentions(v.c, "call"))) return undefined;
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
