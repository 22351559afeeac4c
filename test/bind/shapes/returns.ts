/**
 * @luaModule returns
 *
 * Issue 22, return shapes: nil for null (`T | null`), several results (a
 * tuple type), and a userdata of the module (`return this`, another object).
 */

/** nil for a negative n, else n's string of stars */
export function stars(n: int): LuaString | null {
  if (n < 0) return null;
  return n > 3 ? bytes("many") : bytes("few");
}

/** every pushable kind, nil-able: the integer or nil */
export function maybeInt(n: int): int | null {
  return n === 0 ? null : n * 2;
}

export function maybeNumber(x: number): number | null {
  return x < 0 ? null : x / 2;
}

export function maybeBool(n: int): bool | null {
  if (n === 0) return null;
  return n > 0;
}

/** quotient and remainder: two results */
export function divmod(a: int, b: int): [int, int] {
  if (b === 0) luaError("divmod: division by zero");
  return [int32(a / b), a % b];
}

/** three results of different kinds, the last nil-able */
export function describe(s: LuaString): [int, bool, LuaString | null] {
  const n = int(s.length);
  return [n, n > 2, n > 0 ? s : null];
}

/**
 * A counter object.
 * @userdata returns.counter
 */
export class Counter {
  n: int = 0;
  step: int = 1;

  constructor(step: int = 1) {
    this.step = step;
  }

  /** adds one step; returns the counter itself, for chaining */
  bump(): Counter {
    this.n += this.step;
    return this;
  }

  /** the count, and whether it passed `limit` */
  get(limit: int = 10): [int, bool] {
    return [this.n, this.n > limit];
  }

  /** another counter, or nil */
  other(c: Counter | null, keep: bool): Counter | null {
    return keep ? c : null;
  }
}
