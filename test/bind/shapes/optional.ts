/**
 * @luaModule optional
 *
 * Issue 22, absent arguments: `p === undefined` tests whether an optional
 * argument was given, and `@positional` turns off NodeMCU's skipping by type.
 */

/** which of its optional arguments were given: 1 for b, 2 for c */
export function given(a: int, b?: int, c?: LuaString): int {
  let n: int = a * 0;
  if (b !== undefined) n += 1;
  if (undefined !== c) n += 2;
  if (b === undefined && c === undefined) n = -1;
  return n;
}

/**
 * Like NodeMCU's pipe.create([cb], [prio]): each argument in its own place, so create(5) is an error.
 * @positional
 */
export function create(cb: LuaFunction | null = null, prio: int = 0): int {
  return (cb !== null ? 10 : 0) + prio;
}

/** The same, not positional: NodeMCU's usual shapes, create2(5) takes 5 as the priority. */
export function create2(cb: LuaFunction | null = null, prio: int = 0): int {
  return (cb !== null ? 10 : 0) + prio;
}
