import { call, exprStmt, type CExpr, type CStmt } from "../cast/ast.ts";
import type { LowerContext, Typed } from "../lower/context.ts";
import { base } from "../lower/ctypes.ts";
import { useBytesType } from "../lower/helpers.ts";
import { useArgHelpers } from "./helpers.ts";
import { applies } from "./policies.ts";

/** The values a callback helper passes on after the userdata: C parameter type, push call, name part. */
const passed: Record<string, { c: string; push: (a: string) => string; part: string }> = {
  bool: { c: "bool", push: (a) => `lua_pushboolean(L, ${a})`, part: "bool" },
  int: { c: "lua_Integer", push: (a) => `lua_pushinteger(L, ${a})`, part: "int" },
  enum: { c: "lua_Integer", push: (a) => `lua_pushinteger(L, ${a})`, part: "int" },
  double: { c: "lua_Number", push: (a) => `lua_pushnumber(L, ${a})`, part: "num" },
  cstring: { c: "const char *", push: (a) => `lua_pushstring(L, ${a})`, part: "str" },
  bytes: { c: "tsc2c_bytes", push: (a) => `lua_pushlstring(L, ${a}.ptr, ${a}.len)`, part: "bytes" },
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
  if (!applies(ctx, "shared-callback", 1)) return undefined;
  const kinds = values.map((v) => passed[base(v.t).k]);
  if (kinds.some((k) => !k) || values.some((v) => calls(v.c))) return undefined;
  const shape = kinds.map((k) => k!.part);
  const name = ["call", "self", ...shape].join("_");
  useArgHelpers(ctx, "push_callback");
  if (kinds.some((k) => k!.part === "bytes")) useBytesType(ctx);
  ctx.useHelper(name, () => {
    const params = kinds.map((k, i) => `, ${k!.c}${k!.c.endsWith("*") ? "" : " "}a${i + 1}`).join("");
    const pushes = kinds.map((k, i) => `    ${k!.push(`a${i + 1}`)};\n`).join("");
    const what = shape.length ? `the userdata and (${shape.join(", ")})` : "the userdata";
    return [{ kind: "blank" }, { kind: "macro", text: `/* calls the function a registry ref holds with ${what}; nothing when the ref is unset */
static void ${name}(lua_State *L, lua_ref_t fn, lua_ref_t self${params})
{
  if (push_callback(L, fn, self)) {
${pushes}    luaL_pcallx(L, ${values.length + 1}, 0);
  }
}` }];
  });
  return [exprStmt(call(name, L, fn, selfRef, ...values.map((v) => v.c)))];
}
