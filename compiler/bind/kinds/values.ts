import { call, member } from "../../cast/ast.ts";
import type { KindDescriptor } from "./kind.ts";

/** A userdata of the module, pushed through its weak self-ref (the object Lua already holds). */
export const userdataKind: KindDescriptor = {
  name: "userdata", lua: "userdata", luaLS: "userdata", expected: "userdata",
  value: {
    holds: [],
    push: (L, v, t) => call("luaX_push_weak_ref", L, member(v, "self_ref", t.k === "ptr")),
    crossesTasks: [],
    returnable: false,
  },
};

/** null handed to Lua. */
export const nilKind: KindDescriptor = {
  name: "nil", lua: "nil", luaLS: "nil", expected: "nil",
  value: { holds: ["null"], push: (L) => call("lua_pushnil", L), crossesTasks: [], returnable: false },
};
