import type { LowerContext } from "../lower/context.ts";

/**
 * The binding's size policies: each place where the generated C trades code
 * written out at every site for one shared helper, table or exit, with the
 * saving it was measured at. A policy looks at a count (methods of a class,
 * returns of a function...), never at one module's shape; `npm run
 * bench:policies` builds mqtt.c with each one off and prints what it saves
 * (ESP32 .text, Lua 5.3, -Os; docs/bench.md keeps the figures with their date).
 * Every policy can be turned off (CompileOptions.sizePolicies) and the
 * output is still correct: the tests build modules both ways.
 */
export interface SizePolicy {
  /** what it does */
  what: string;
  /** the smallest count it applies from */
  min: number;
  /** the saving measured on mqtt.c by bench:policies, Lua 5.3 (B of ESP32 .text, host headers), with the date */
  measured: string;
}

export const SIZE_POLICIES = {
  "one-exit": {
    what: "a Lua function with this many returns of a computed value pushes its result in one place (each return stores it and jumps there); clang already shares tails that push the same constant, not a push of a computed value",
    min: 2,
    measured: "29 B on mqtt.c (2026-12-07; the same under Lua 5.1 and with the real headers)",
  },
  "self-check": {
    what: "a class with this many Lua methods (__gc included) checks the userdata with one out-of-line helper called with L alone, not luaL_checkudata() with an index and the metatable's name at each method",
    min: 3,
    measured: "57 B on mqtt.c (2026-12-07; the same under Lua 5.1 and with the real headers)",
  },
  "ref-table": {
    what: "a class with this many registry-ref slots (fields and array elements) lists their offsets in one table that the constructor (unset them all) and __gc (release them all) loop over",
    min: 3,
    measured: "129 B on mqtt.c (2026-12-07; the same under Lua 5.1 and with the real headers)",
  },
  "shared-callback": {
    what: "callLua(fn, userdata, values...) calls one helper per call shape (call_self_int, call_self_bytes...) instead of writing push, push, pcall at each call site",
    min: 1,
    measured: "26 B on mqtt.c (2026-12-07; the same under Lua 5.1 and with the real headers)",
  },
  "direct-task-post": {
    what: "a @luaTask with one integer or bool parameter posts the value as the task parameter itself instead of a malloc'd copy",
    min: 1,
    measured: "70 B on mqtt.c (2026-12-07; the same under Lua 5.1 and with the real headers)",
  },
} satisfies Record<string, SizePolicy>;

export type SizePolicyId = keyof typeof SIZE_POLICIES;

/** Whether policy `id` applies to something counted `count` times (turned off for a compile, it never does). */
export function applies(ctx: LowerContext, id: SizePolicyId, count: number): boolean {
  return !ctx.options.disabledPolicies.has(id) && count >= SIZE_POLICIES[id].min;
}
