/**
 * @luaModule regress
 * @kconfig REGRESS
 *
 * One module per compiler bug fixed in issue 10, each must compile (gcc
 * -Werror) and behave in Lua (regress.lua): a user function named like an
 * intrinsic, a field named like a C keyword, array fields (of integers and of
 * LuaRef) with initialisers, refs in an array released by __gc, and table
 * walks with pairs() including break, continue and nested loops; a Lua function
 * whose computed returns share one push of the result; `this` kept in a ref by
 * a method and by a constructor; and luaError() with format arguments.
 */

/** A user function named like the binding's equals() intrinsic: it must be called, not replaced. */
function equals(a: int, b: int): bool {
  return a + 1 === b;
}

/** @userdata regress.box */
export class Box {
  /** a C keyword as a field name */
  default: int = 5;
  counts: FixedArray<int, 4> = fill(4, 7);
  handlers: FixedArray<LuaRef, 3> = fill(3, LUA_NOREF);
  me: LuaRef = null;

  constructor() {
    this.default = this.default + 1;
  }

  keyword(): int {
    return this.default;
  }

  count(i: int): int {
    return this.counts[i & 3]!;
  }

  hold(i: int, fn: LuaFunction): void {
    this.handlers[i % 3] = fn;
  }

  call(i: int): void {
    callLua(this.handlers[i % 3]!, i);
  }

  userEquals(a: int, b: int): bool {
    return equals(a, b);
  }

  /** keeps the box alive through a ref to itself (`this` as a method has it: stack index 1) */
  anchor(): void {
    this.me = this;
  }

  unanchor(): void {
    this.me = null;
  }

  /** the sum of the number values, skipping string values, stopping at a value of 100 */
  sum(t: LuaTable): int {
    let n: int = 0;
    for (const [_k, v] of pairs(t)) {
      if (!isNumber(v)) continue;
      if (int(v) === 100) break;
      n = n + int(v);
    }
    return n;
  }

  /** twice the first number value, else a result from the fallback: computed returns (one inside pairs()) pushed in one place */
  firstNumber(t: LuaTable, fallback: int): int {
    for (const [_k, v] of pairs(t)) {
      if (isNumber(v)) return int(v * 2);
    }
    if (fallback < 0) return int(0 - fallback);
    return int(fallback + this.default);
  }

  __gc(): void {
    this.default = 0;
  }

  /** luaError() with format arguments (issue 11): one message format shared by its callers */
  tooLong(what: LuaString, n: int): void {
    if (n > 3) luaError("%s: %d bytes is over %d%%", cstr(what)!, n, 3);
  }

  /** counts the string keys whose value is a table, walking each such table too (nested walks) */
  nested(t: LuaTable, inner: LuaTable): int {
    let n: int = 0;
    for (const [k] of pairs(t)) {
      if (!isString(k)) continue;
      for (const [k2] of pairs(inner)) {
        if (isString(k2) && k2.length === k.length) n++;
      }
    }
    return n;
  }
}

/**
 * Kept alive through a ref to itself from its creation (`this` as the constructor has it: self_index).
 * @userdata regress.pinned
 */
export class Pinned {
  me: LuaRef = null;

  constructor() {
    this.me = this;
  }

  unpin(): void {
    this.me = null;
  }

  /** doubled through a private method that never reads `this` (its unused self was -Werror=unused-parameter) */
  twice(n: int): int {
    return this.double(n);
  }

  private double(n: int): int {
    return n * 2;
  }
}
