/**
 * @luaModule names
 *
 * Issue 21: Lua-facing parameters and locals named like the C names the
 * binding writes for itself (arg, type, result, self, self_index, i, pushed,
 * a union's x_int / x_type) no longer collide: the binding's own names are
 * allocated clear of every name the function spells.
 */

interface Opts {
  self: int;
  arg: int;
}

/** optional parameters (parse_args' `arg[]`) next to a parameter named arg and a local named type */
export function flexible(arg: int, result: int = 10, self: LuaFunction | null = null): int {
  const type: int = self !== null ? 1 : 0;
  return arg + result + type;
}

/** a union (its `type` dispatch and x_int / x_type locals) with user names type, x_int, x_type */
export function union(x: int | LuaString, type: int = 2): int {
  const x_int: int = type * 100;
  const x_type: int = 1;
  if (isString(x)) return x_int + int(x.length) + x_type;
  return x_int + x + x_type;
}

/** several computed returns (one `result` push) with a parameter named result and a local named i */
export function pick(result: int, i: int): int {
  if (result > i) return result - i;
  if (result < i) return i - result;
  return result * 2;
}

/** a byte string pushed through a temporary, with a local named pushed */
export function echo(s: LuaString, n: int): LuaString {
  const pushed: int = n;
  return pushed > 0 ? s : bytes("none");
}

/** @userdata names.thing */
export class Thing {
  refs: FixedArray<LuaRef, 3> = fill(3, LUA_NOREF);
  n: int = 0;

  /** a constructor parameter named self_index, one named self, and a table parameter with such fields */
  constructor(self_index: int, self: int, i: int | Opts = 0) {
    this.n = self_index * 100 + self * 10;
    if (isTable(i)) this.n = this.n + i.self + i.arg;
    else this.n = this.n + i;
  }

  /** a method with parameters named self and arg and a local named i */
  add(self: int, arg: int = 1): int {
    const i: int = self + arg;
    this.n = this.n + i;
    return this.n;
  }

  hold(i: int, fn: LuaFunction): void {
    this.refs[i % 3] = fn;
  }

  call(i: int): void {
    callLua(this.refs[i % 3]!, i);
  }
}
