import { kindOf } from "../bind/kinds/index.ts";
import type { ParamModel } from "../bind/model.ts";

/**
 * The call shapes a parameter list accepts. The binding gives an optional
 * parameter the next Lua argument only when that argument's type fits it, else
 * the argument moves on to the next parameter (docs/modules.md, "Arguments").
 * So a shape may leave out optional parameters in the middle, as long as the
 * next parameter given takes some Lua type none of them takes: `connect(host, fn)`
 * skips port, secure and autoreconnect because none of them accepts a function,
 * `fire(n, "label")` skips the flag `loud` (a string is no flag).
 *
 * A shape is the list of parameters given, in order. Leaving out the tail of a
 * shape is always possible, so only the longest shapes are returned (none is
 * a prefix of another); the first is the full list.
 */
export function callShapes(params: readonly ParamModel[]): ParamModel[][] {
  const optional = params.filter((p) => p.optional);
  if (optional.length > 12) return [[...params]]; // 4096 subsets: no such Lua function
  const shapes: ParamModel[][] = [];
  for (let mask = (1 << optional.length) - 1; mask >= 0; mask--) {
    const given = params.filter((p) => !p.optional || (mask & (1 << optional.indexOf(p))) !== 0);
    if (reachable(params, given)) shapes.push(given);
  }
  return shapes.filter((s) => !shapes.some((t) => t.length > s.length && s.every((p, i) => t[i] === p)));
}

/** The runtime Lua types (lua_type values) a parameter takes. */
function runtimeTypes(p: ParamModel): Set<string> {
  // an integer in a union takes no string (compiler/bind/args.ts)
  return new Set(p.kinds.flatMap((k) => (p.kinds.length > 1 ? kindOf(k).arg.skips : kindOf(k).arg.accepts)));
}

/** Each parameter given after some left out must take a Lua type that none of those takes. */
function reachable(params: readonly ParamModel[], given: readonly ParamModel[]): boolean {
  let skipped: ParamModel[] = [];
  for (const p of params) {
    if (!given.includes(p)) {
      skipped.push(p);
      continue;
    }
    // `@positional`: an argument is never passed on to a later parameter, so none can be left out before one given
    if (skipped.some((s) => s.positional)) return false;
    // what the given parameter takes past skipped ones (a numeric string only reaches an integer in its own place)
    const types = new Set(p.kinds.flatMap((k) => kindOf(k).arg.skips));
    for (const s of skipped) for (const t of runtimeTypes(s)) types.delete(t);
    if (types.size === 0) return false;
    skipped = [];
  }
  return true;
}
