/**
 * @luaModule addresses
 *
 * Issue 21: addr() of a byte of a LuaString (a `const char *` into Lua's
 * string: `&s.ptr[i]`, not the invalid `&(uint8_t)s.ptr[i]`), of a struct
 * field, of an array element, and of an object parameter (already a pointer).
 */
import { memcpy } from "../../../module-src/decl/string.js";

interface Pair {
  lo: int;
  hi: int;
}

/** @userdata addresses.buffer */
export class Buffer {
  buf: FixedArray<uint8, 8> = fill(8, 0);
  pair: Pair = { lo: 1, hi: 2 };
  n: int = 0;

  /** copies up to 8 bytes of `s` from byte `from` (0-based) into the buffer; returns how many */
  copy(s: LuaString, from: int): int {
    if (from < 0 || from > int(s.length)) argError(from, "outside the string");
    let k: int = int(s.length) - from;
    if (k > 8) k = 8;
    memcpy(addr(this.buf[0]), addr(s[from]), size_t(k));
    this.n = k;
    return k;
  }

  /** the buffer's byte i */
  byte(i: int): int {
    return this.buf[i & 7]!;
  }

  /** sets the pair, then reads it through the addresses of its fields and of the struct */
  setPair(lo: int, hi: int): int {
    this.pair.lo = lo;
    this.pair.hi = hi;
    return read(addr(this.pair.lo)) * 100 + read(addr(this.pair.hi)) * 10 + sum(addr(this.pair)) + twice(this.pair);
  }
}

function read(p: Ptr<int>): int {
  return at<int>(p, 0);
}

function sum(p: Ptr<Pair>): int {
  return p.lo + p.hi;
}

/** an object parameter is a pointer in C: addr() of it is the pointer itself */
function twice(p: Pair): int {
  return sum(addr(p)) * 2;
}
