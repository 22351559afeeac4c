/**
 * @luaModule results
 *
 * Issue 22, a variable number of results (struct.unpack's shape): a tuple
 * type with a rest element, its values collected in a local array with
 * push() and returned spread, `return [...out, next]`.
 */

/** the bytes of `s` from `from` on, one integer each, then the index after them */
export function bytesOf(s: LuaString, from: int = 1): [...int[], int] {
  if (from < 1) luaError("bytesOf: from must be at least 1");
  const out: int[] = [];
  let i = from;
  while (i <= int(s.length)) {
    out.push(int(s[i - 1]!));
    i++;
  }
  return [...out, i];
}

/** a count first, then mixed kinds in the rest: "space" per space, `s` itself, half the count */
export function words(s: LuaString): [int, ...(LuaString | number)[]] {
  const out: (LuaString | number)[] = [];
  let n = 0;
  for (let i = 0; i < int(s.length); i++) {
    if (s[i] === 32) {
      out.push(bytes("space"));
      n++;
    }
  }
  out.push(s, double(n) / 2);
  return [n, ...out];
}

/** no values at all, or only the ones given */
export function some(n: int): [...bool[]] {
  const out: bool[] = [];
  for (let i = 0; i < n; i++) out.push(i % 2 === 0);
  return [...out];
}
