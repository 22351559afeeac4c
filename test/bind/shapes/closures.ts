/**
 * @luaModule closures
 *
 * Issue 22, item 6: an arrow function returned as a `LuaFunction` is a C
 * closure whose upvalues hold what it captures: the object itself (kept
 * alive while the closure lives) and copies of parameters and consts.
 */

/**
 * A counter object.
 * @userdata closures.counter
 */
export class Counter {
  k: int = 0;
  cb: LuaRef = null;

  constructor(start: int = 0) {
    this.k = start;
  }

  /** a function that adds `step` to the count and returns the new count */
  counter(step: int): LuaFunction {
    return () => {
      this.k += step;
      return this.k;
    };
  }

  /** a function of arguments: adds n times the scale (and the bonus when given), returns the count and the label */
  adder(scale: int, label: LuaString): LuaFunction {
    const twice: int = scale * 2;
    return (n: int, bonus: int = 0): [int, LuaString, int] => {
      this.k += n * scale + bonus;
      return [this.k, label, twice];
    };
  }

  /** nil for a negative limit, else a function telling whether the count passed it */
  passed(limit: int): LuaFunction | null {
    if (limit < 0) return null;
    return (): bool => this.k > limit;
  }

  /** a function that keeps `fn` as the callback, then calls it with the object */
  keeper(fn: LuaFunction): LuaFunction {
    return () => {
      this.cb = fn;
      callLua(this.cb, this, this.k);
    };
  }

  /** a function that calls the kept callback with the object and the count plus one, and returns the callback's first result (a concise body) */
  ping(): LuaFunction {
    return () => callLua(this.cb, this, this.k + 1);
  }

  /** a function that sets the count, or one that reads it: two closures of one method */
  access(write: bool): LuaFunction {
    if (write) {
      return (v: int): void => {
        this.k = v;
      };
    }
    return (): int => this.k;
  }

  /** the count */
  get(): int {
    return this.k;
  }
}

/** a closure over parameters only: the scaled value, and the name while n is below the limit */
export function scaler(factor: number, name: LuaString, limit: int, loud: bool): LuaFunction {
  return (x: number, n: int): [number, LuaString | null, bool] => [x * factor, n < limit ? name : null, loud];
}

/** a closure over a table: counts its string keys */
export function keys(t: LuaTable): LuaFunction {
  return (): int => {
    let n: int = 0;
    for (const [key] of pairs(t)) {
      if (isString(key)) n++;
    }
    return n;
  };
}

/** spells the C name the closure of keys() would take: that closure takes another */
export function keys_fn(): int {
  return 7;
}
