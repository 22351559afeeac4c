import { id, named, ptr, type CTopLevel } from "../cast/ast.ts";
import type { BindState } from "./state.ts";

/**
 * Passes the Lua state down explicitly. Scripts call a module from
 * coroutines, whose `lua_State *` is not the main thread's, so every plain C
 * function that touches Lua, or calls one that does, takes the caller's `L`
 * as its first parameter; Lua C functions pass their own. Only a @luaTask
 * dispatcher (and the module's init) fetch the state with lua_getstate().
 * A function used as a C callback cannot be given a state: that is an error.
 */
export function threadLuaState(s: BindState, functions: CTopLevel[]): void {
  const ctx = s.ctx;
  const needs = new Set(s.directL);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of ctx.calls) {
      if (needs.has(e.callee) && e.caller && s.plainFns.has(e.caller) && !needs.has(e.caller)) {
        needs.add(e.caller);
        grew = true;
      }
    }
  }
  for (const e of ctx.calls) if (needs.has(e.callee)) e.args.unshift(id("L"));
  const byName = new Map(functions.flatMap((f) => (f.kind === "function" ? [[f.name, f] as const] : [])));
  for (const decl of needs) {
    const f = byName.get(s.plainFns.get(decl)!);
    if (f?.kind === "function") f.params.unshift({ type: ptr(named("lua_State")), name: "L" });
    const asValue = ctx.functionValues.get(decl);
    if (asValue) ctx.error(asValue, "BindingCallback", asValue.getText());
  }
  for (const t of s.taskByDecl.values()) if (needs.has(t.model.node)) t.fetchState();
}
