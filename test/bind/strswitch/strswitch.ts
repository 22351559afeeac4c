/**
 * @luaModule strswitch
 * @kconfig STRSWITCH
 *
 * Chains of equals() tests on one string: from four names on they are one
 * switch over bytes_index() (strswitch.lua checks they behave as the chain
 * did); a chain with a `break` of an enclosing walk stays a chain.
 */

/**
 * Which of five names (one a prefix of another, one repeated: the first wins); 0 for none.
 * @param name a name
 * @returns its number
 */
export function which(name: LuaString): int {
  if (equals(name, "one")) return 1;
  else if (equals(name, "two")) return 2;
  else if (equals(name, "four")) return 4;
  else if (equals(name, "fo")) return 5;
  else if (equals(name, "two")) return 6;
  return 0;
}

/**
 * Sums a weight per string key: a switch inside a walk, with a `continue` in one case.
 * @param t a table
 * @returns the sum
 */
export function tally(t: LuaTable): int {
  let n: int = 0;
  for (const [k] of pairs(t)) {
    if (!isString(k)) continue;
    if (equals(k, "a")) n = n + 1;
    else if (equals(k, "b")) n = n + 10;
    else if (equals(k, "c")) continue;
    else if (equals(k, "d")) n = n + 100;
    else n = n + 1000;
  }
  return n;
}

/**
 * The same with a `break` of the walk at "stop": it stays an if chain (in a switch, break would end the switch).
 * @param t a table
 * @returns the sum
 */
export function tallyUntilStop(t: LuaTable): int {
  let n: int = 0;
  for (const [k] of pairs(t)) {
    if (!isString(k)) continue;
    if (equals(k, "a")) n = n + 1;
    else if (equals(k, "b")) n = n + 10;
    else if (equals(k, "stop")) break;
    else if (equals(k, "d")) n = n + 100;
    else n = n + 1000;
  }
  return n;
}
