/**
 * @luaModule values
 *
 * Issue 22, any Lua value: varargs after fixed parameters, LuaValue parameters
 * narrowed by isNumber() and the other tests, the same value returned, a
 * LuaValue field kept in the registry, and a callback's result.
 */
import { lua_gettop } from "./decl/luastack.js";

/**
 * Adds up the varargs: numbers times scale, a string's length, 1 for true, 100 per numeric key of a table.
 * @param scale what each number is multiplied by
 * @param args the values to add up
 */
export function sum(scale: int, ...args: LuaValue[]): number {
  let total: number = 0;
  for (let i: int = 0; i < args.length; i++) {
    const v = args[i];
    if (isNumber(v)) total += v * scale;
    else if (isString(v)) total += double(v.length);
    else if (isBoolean(v)) {
      if (v) total += 1;
    } else if (isTable(v)) {
      for (const [k] of pairs(v)) {
        if (isNumber(k)) total += 100;
      }
    }
  }
  return total;
}

/** A value's weight: a number itself, a string its length, else 0 (a plain C function taking a LuaValue). */
function weight(v: LuaValue): int {
  if (isNumber(v)) return int(v);
  if (isString(v)) return int(v.length);
  return 0;
}

/** The weights of the varargs added up. */
export function weigh(...args: LuaValue[]): int {
  let n: int = 0;
  for (let i: int = 0; i < args.length; i++) n += weight(args[i]);
  return n;
}

/** How many values of a table are true (a pairs() value read after isBoolean()). */
export function truths(t: LuaTable): int {
  let n: int = 0;
  for (const [, v] of pairs(t)) {
    if (isBoolean(v) && v) n++;
  }
  return n;
}

/** A required union before the varargs (it takes one argument: they still start at a fixed index): its weight plus their count. */
export function tagged(tag: int | LuaString, ...args: LuaValue[]): int {
  return (isString(tag) ? int(tag.length) : tag) + args.length;
}

/** How many varargs were given. */
export function count(...args: LuaValue[]): int {
  return args.length;
}

/** The Lua type of vararg i (1-based, like select): 0 nil, 1 number, 2 string, 3 boolean, 4 table, 5 function, 6 anything else. */
export function kind(i: int, ...args: LuaValue[]): int {
  const v = args[i - 1];
  if (isNil(v)) return 0;
  if (isNumber(v)) return 1;
  if (isString(v)) return 2;
  if (isBoolean(v)) return 3;
  if (isTable(v)) return 4;
  if (isFunction(v)) return 5;
  return 6;
}

/** Vararg i (1-based): the same Lua value, nil past the last. */
export function nth(i: int, ...args: LuaValue[]): LuaValue {
  return args[i - 1];
}

/** The first vararg, read by a literal index. */
export function first(...args: LuaValue[]): LuaValue {
  return args[0];
}

/** The first vararg (or nil) and how many there are: a LuaValue in a tuple. */
export function head(...args: LuaValue[]): [LuaValue, int] {
  return [args[0], args.length];
}

/** Its argument, the same Lua value (a table is the same table). */
export function same(v: LuaValue): LuaValue {
  return v;
}

/** A function argument handed back. */
export function fn(f: LuaFunction): LuaFunction {
  return f;
}

/** A table argument handed back. */
export function tbl(t: LuaTable): LuaTable {
  return t;
}

/** A number doubled, a string's length, a boolean negated, anything else as it is. */
export function morph(v: LuaValue): LuaValue {
  if (isNumber(v)) return v * 2;
  if (isString(v)) return int(v.length);
  if (isBoolean(v)) return !v;
  return v;
}

/** Compares with literals: 1 for true, 2 for false, 3 for nil, 4 for 5, else 0. */
export function compare(label: LuaString, v: LuaValue): int {
  if (label.length > 8) return -1;
  if (v === true) return 1;
  if (v === false) return 2;
  if (v === null) return 3;
  if (v === 5) return 4;
  return 0;
}

/** The calls a Box made and what its callbacks returned. */
/** @userdata values.box */
export class Box {
  /** any Lua value, kept in the registry */
  keep: LuaValue;
  cb: LuaRef = LUA_NOREF;
  calls: int = 0;

  /**
   * A box holding v.
   * @param v the value to keep
   */
  constructor(v: LuaValue) {
    this.keep = v;
  }

  /** Keeps another value (the old one is released). */
  set(v: LuaValue): void {
    this.keep = v;
  }

  /** Keeps vararg i (1-based); nil past the last. */
  setNth(i: int, ...args: LuaValue[]): void {
    this.keep = args[i - 1];
  }

  /** Keeps nothing. */
  clear(): void {
    this.keep = null;
  }

  /** The kept value, nil when none. */
  get(): LuaValue {
    return this.keep;
  }

  /** Whether a value is kept. */
  has(): bool {
    return this.keep !== null;
  }

  /** The callback poke(), ask() and loop() call. */
  on(cb: LuaFunction): void {
    this.cb = cb;
  }

  /** Calls cb(box, x): a true result counts 1, a number that many; returns the count. */
  poke(x: int): int {
    const r = callLua(this.cb, this, x);
    if (r === true) this.calls += 1;
    else if (isNumber(r)) this.calls += int(r);
    return this.calls;
  }

  /** Calls cb(box) and returns its first result as it is. */
  ask(): LuaValue {
    const r = callLua(this.cb, this);
    return r;
  }

  /**
   * Calls cb(box, i) for i = 0..n-1 until it returns false; adds up the lengths of its string results (nil is skipped).
   * @returns the sum, and how many values are left on the Lua stack (the box and n: 2)
   */
  loop(n: int): [int, int] {
    let total: int = 0;
    for (let i: int = 0; i < n; i++) {
      const r = callLua(this.cb, this, i);
      if (isNil(r)) continue;
      if (r === false) break;
      if (isString(r)) total += int(r.length);
    }
    const depth = lua_gettop(L);
    return [total, depth];
  }

  /**
   * Calls cb(box, 1) n times through a C function of its own; adds up its number results.
   * @returns the sum, and how many values are left on the Lua stack (the box and n: 2)
   */
  spin(n: int): [int, int] {
    let total: int = 0;
    for (let i: int = 0; i < n; i++) total += this.askNumber();
    const depth = lua_gettop(L);
    return [total, depth];
  }

  /** The kept value and the callback are released with the box. */
  __gc(): void {
    this.calls = 0;
  }

  /** cb(box, 1) as an integer, -1 when it is no number. */
  private askNumber(): int {
    const a = callLua(this.cb, this, 1);
    if (isNumber(a)) return int(a);
    return -1;
  }
}
