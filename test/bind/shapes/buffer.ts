/**
 * @luaModule buffer
 *
 * Issue 22, building a string: a LuaBuffer (Lua's luaL_Buffer) appends bytes,
 * byte strings, C strings and numbers and is pushed once at the end; a
 * Ptr<uint8> is a writable byte buffer (`p[i] = v`, `p[i] |= v`). Results
 * longer than LUAL_BUFFERSIZE (256 on NodeMCU and on the host) go through the
 * buffer's pieces on the Lua stack.
 */
import { free, malloc } from "../../../module-src/decl/libc.js";

const HEX = "0123456789abcdef";

/** The hex digits of each byte of `s` (two appends per byte). */
export function hex(s: LuaString): LuaString {
  const digits = bytesOf(HEX);
  const b = new LuaBuffer();
  for (let i: size_t = 0; i < s.length; i++) {
    b.addByte(digits[s[i]! >> 4]!);
    b.addByte(digits[s[i]! & 15]!);
  }
  return b.result();
}

/** `s` n times, separated by `sep` (a byte string appended whole each time). */
export function rep(s: LuaString, n: int, sep: LuaString = bytes("")): LuaString {
  const b = new LuaBuffer();
  for (let i: int = 0; i < n; i++) {
    if (i > 0) b.addBytes(sep);
    b.addBytes(s);
  }
  return b.result();
}

/** Numbers as Lua's tostring() writes them: an integer, a uint32 beyond int32, a number, an enum. */
export function numbers(n: int, x: number, u: uint32): LuaString {
  const b = new LuaBuffer();
  b.addString("n=");
  b.addNumber(n);
  b.addBytes(bytes(" x="));
  b.addNumber(x);
  b.addString(" u=");
  b.addNumber(u);
  return b.result();
}

/**
 * `n` bytes built in memory the function owns, then appended and freed: the
 * replacement of a bytesFrom() view of a malloc'd buffer used after free().
 */
export function bytesUp(n: int, mark: int): LuaString {
  if (n < 0 || n > 4096) argError(n, "0..4096");
  const p = castPtr<uint8>(malloc(size_t(n) + 1));
  if (p === null) luaError("no memory");
  for (let i: int = 0; i < n; i++) p[i] = uint8(i * 7);
  // every other byte gets the mark's bits; the first one wraps
  for (let i: int = 0; i < n; i += 2) p[i] |= uint8(mark);
  if (n > 0) p[0] += 255;
  const b = new LuaBuffer();
  b.addBytes(p, size_t(n));
  free(p);
  return b.result();
}

/** A fixed array on the C stack as the byte buffer: addr() of its first element. */
export function digits(v: uint32): LuaString {
  const tmp: FixedArray<uint8, 10> = fill(10, 0);
  const p = addr(tmp[0]);
  let n: int = 0;
  let x = v;
  do {
    p[n] = uint8(48 + x % 10);
    n++;
    x = uint32(x / 10);
  } while (x > 0);
  const b = new LuaBuffer();
  for (let i: int = n - 1; i >= 0; i--) b.addByte(p[i]!);
  return b.result();
}

/** The count of a table's entries, walked between two appends (the walk pops what it pushes). */
export function count(t: LuaTable): LuaString {
  const b = new LuaBuffer();
  b.addString("entries: ");
  let n: int = 0;
  for (const [k] of pairs(t)) {
    if (isString(k)) n++;
    n++;
  }
  b.addNumber(n);
  return b.result();
}

/** nil for an empty string (the buffer is left unfinished), else its upper-cased copy: `T | null`. */
export function upper(s: LuaString): LuaString | null {
  const b = new LuaBuffer();
  if (s.length === 0) return null;
  for (let i: size_t = 0; i < s.length; i++) {
    const c = s[i]!;
    b.addByte(c >= 97 && c <= 122 ? uint8(c - 32) : c);
  }
  return s.length > 1000 ? null : b.result();
}

/** the string and its length: the buffer's result is the first of two results */
export function tagged(s: LuaString, n: int): [LuaString, int] {
  const b = new LuaBuffer();
  b.addString("<");
  b.addBytes(s);
  b.addString(">");
  if (n < 0) return [s, -1];
  return [b.result(), int(s.length) + 2];
}

/** several returns of a computed value (the one-exit policy) beside a buffer's */
export function pick(s: LuaString, which: int): LuaString {
  if (which === 1) return s;
  if (which === 2) return refOrSame(s);
  const b = new LuaBuffer();
  b.addBytes(s);
  b.addBytes(s);
  return which === 3 ? b.result() : s;
}

function refOrSame(s: LuaString): LuaString {
  return s;
}

/**
 * A log that calls back while it builds.
 * @userdata buffer.log
 */
export class Log {
  fn: LuaRef = null;
  lines: int = 0;

  constructor(fn: LuaFunction) {
    this.fn = fn;
  }

  /** `k` lines, the callback told of each one between appends (its call pops what it pushed) */
  write(k: int): LuaString {
    const b = new LuaBuffer();
    for (let i: int = 0; i < k; i++) {
      this.lines++;
      callLua(this.fn, this, this.lines);
      b.addString("line ");
      b.addNumber(this.lines);
      b.addByte(10);
    }
    return b.result();
  }

  /** tells the callback of a line (a plain C function that calls Lua back) */
  private tell(line: int): int {
    callLua(this.fn, this, line);
    return line;
  }

  /** `write`, through a private method that calls back: called as a statement, the top is put back after it */
  writeVia(k: int): LuaString {
    const b = new LuaBuffer();
    for (let i: int = 1; i <= k; i++) {
      this.tell(i);
      b.addString("line ");
      b.addNumber(i);
      b.addByte(10);
    }
    return b.result();
  }
}
