/**
 * @luaModule struct
 * @kconfig STRUCT
 *
 * NodeMCU's struct module (docs/modules/struct.md of dev-esp32), written in
 * TypeScript: pack Lua values into a C-struct-like string, unpack them again,
 * and the size a format packs to. A format is a sequence of options: " "
 * ignored, "!n" alignment (a power of 2; no n: a double's alignment), ">" big
 * and "<" little endian, "x" a zero byte, "b"/"B" char, "h"/"H" short,
 * "l"/"L" long, "T" size_t, "in"/"In" an n-byte integer (no n: an int), "d"
 * double, "s" a zero-terminated string, "cn" n chars (c0: the string's length
 * when packing, the previous number read when unpacking), "f" float.
 *
 * Where upstream's C (components/modules/struct.c) and its docs differ, this
 * port follows the docs:
 * - "c0" in unpack takes its length from the previous unpacked *number* only
 *   (upstream reads whatever is on top of the Lua stack: a string that looks
 *   like a number, or even the data string itself when nothing was unpacked).
 * - size() rejects unknown options, as pack() and unpack() do (upstream's
 *   size() skips an unknown letter or digit).
 * - "string too short" names the string's own argument (upstream names the
 *   next one).
 * - An integer wider than 4 bytes is sign-extended (upstream fills with zero
 *   bytes past its 32-bit long on the ESP32); unpack reads every byte of it.
 * - unpack's offset below 1 is a bad argument (upstream reads before the data).
 * - pack takes a number only for a numeric option and a string only for "c"
 *   and "s" (upstream's luaL_check* also convert "12" and 12 between them);
 *   its messages say "number expected" / "string expected" without Lua's
 *   ", got <type>".
 * Like upstream, integers go through Lua numbers (exact up to 2^32 when
 * packing). Native sizes are the machine's: "l", "L" and "T" take a size_t's
 * width (a long is as wide: 4 bytes on the ESP32, 8 on a 64-bit host).
 * "f" is converted by arithmetic (the subset has no C float): the same bits
 * as C's conversion, ties to even.
 */

/** Endianness codes. */
const BIG = 0;
const LITTLE = 1;
/** The widest "i"/"I" integer, in bytes: upstream's limit in a floating-point build. */
const MAXINTSIZE = 32;
/** The alignment "!" sets without a number: a double's (8 on the ESP32 and on the host). */
const MAXALIGN = 8;

/** Where a format is read, and the settings its options changed so far. */
interface Reader {
  fmt: Bytes;
  at: size_t;
  endian: int;
  align: int;
}

/** The machine's own byte order: the first byte of a 1 in memory. */
function nativeEndian(): int {
  const one: uint16 = 1;
  return castPtr<uint8>(addr(one))[0] === 1 ? LITTLE : BIG;
}

/** The decimal digit at the reader's position, -1 when there is none. */
function digitAt(r: Ptr<Reader>): int {
  if (r.at >= r.fmt.length) return -1;
  const c = int(r.fmt[r.at]!);
  return c >= 48 && c <= 57 ? c - 48 : -1;
}

/** The number written at the reader's position (consumed), or `df` when none is. */
function getnum(r: Ptr<Reader>, df: int): int {
  let d = digitAt(r);
  if (d < 0) return df;
  let a: int = 0;
  while (d >= 0) {
    if (a > 214748364 || a * 10 > 2147483647 - d) luaError("integral size overflow");
    a = a * 10 + d;
    r.at = r.at + 1;
    d = digitAt(r);
  }
  return a;
}

/** Whether an option packs an integer: b B h H l L T i I. */
function isInteger(opt: int): bool {
  return opt === 98 || opt === 66 || opt === 104 || opt === 72 || opt === 108 || opt === 76 ||
    opt === 84 || opt === 105 || opt === 73;
}

/**
 * The bytes an option takes, its number read: 0 for "s", "c0" and the
 * control options (space, endianness, alignment), which it applies; -1 for an
 * unknown option. A control option takes no bytes, so applying it before the
 * alignment of its element changes nothing.
 */
function optsize(r: Ptr<Reader>, opt: int): int {
  if (opt === 98 || opt === 66 || opt === 120) return 1; // b B x
  if (opt === 104 || opt === 72) return 2; // h H
  if (opt === 108 || opt === 76 || opt === 84) return int(sizeOf<size_t>()); // l L T: a long is as wide as a size_t
  if (opt === 100) return 8; // d
  if (opt === 102) return 4; // f
  if (opt === 99) return getnum(r, 1); // c
  if (opt === 105 || opt === 73) { // i I
    const sz = getnum(r, 4);
    if (sz > MAXINTSIZE) luaError("integral size %d is larger than limit of %d", sz, MAXINTSIZE);
    return sz;
  }
  if (opt === 62) r.endian = BIG;
  else if (opt === 60) r.endian = LITTLE;
  else if (opt === 33) {
    const a = getnum(r, MAXALIGN);
    if (a <= 0 || (a & (a - 1)) !== 0) luaError("alignment %d is not a power of 2", a);
    r.align = a;
  } else if (opt !== 32 && opt !== 115) return -1;
  return 0;
}

/** The padding an element of `size` bytes needs at position `len`, under the current alignment. */
function toAlign(len: size_t, r: Ptr<Reader>, opt: int, size: int): size_t {
  if (size === 0 || opt === 99) return 0;
  const s = size_t(size > r.align ? r.align : size);
  return size_t((s - size_t(len & (s - 1))) & (s - 1));
}

/** `n` bytes of `s` from index `from` (0-based): a view, no copy. */
function part(s: Bytes, from: size_t, n: size_t): Bytes {
  return bytesFrom(offset(castPtr<char>(s), from), n);
}

/** Reads the next option of the format (0 at its end or at a NUL, as upstream's C string ends there). */
function nextOption(r: Ptr<Reader>): int {
  if (r.at >= r.fmt.length) return 0;
  const c = int(r.fmt[r.at]!);
  r.at = r.at + 1;
  return c;
}

/** 2 to the power `e` (exact: doubles reach 2^-1074 .. 2^1023). */
function pow2(e: int): number {
  let x: number = 1;
  for (let i = 0; i < e; i++) x = x * 2;
  for (let i = 0; i > e; i--) x = x / 2;
  return x;
}

/**
 * A number's IEEE 754 single-precision bits, rounded to nearest, ties to even, as C's
 * conversion to float rounds (the subset has no float type to convert through).
 */
function floatBits(v: number): uint32 {
  const a: number = v < 0 ? -v : v;
  const sign: uint32 = v < 0 || (v === 0 && 1 / v < 0) ? 2147483648 : 0;
  if (!(a >= 0)) return 2143289344; // NaN (no order): the quiet one
  // the exponent of a's leading bit, -126 at least (below, a subnormal keeps -126's scale)
  let e: int = -126;
  while (e < 128 && a >= pow2(e + 1)) e++;
  if (e >= 128) return uint32(sign | 2139095040); // infinity
  // 24 significant bits (fewer for a subnormal), rounded half to even
  const m = a / pow2(e - 23);
  let f = uint32(m);
  const rest = m - double(f);
  if (rest > 0.5 || (rest === 0.5 && (f & 1) !== 0)) f++;
  // a mantissa carried to 2^24 moves to the next exponent; e + 127 counts the implicit bit of f
  const field = uint32(e + 126) * 8388608 + f;
  return uint32(sign | (field >= 2139095040 ? 2139095040 : field));
}

/** The number a float's bits hold. */
function floatValue(bits: uint32): number {
  const ex = int((bits >>> 23) & 255);
  const m = double(bits & 8388607);
  let v: number;
  if (ex === 255) {
    const inf = pow2(1024);
    v = m !== 0 ? inf - inf : inf;
  }
  else if (ex === 0) v = m * pow2(-149);
  else v = (m + 8388608) * pow2(ex - 150);
  return (bits & 2147483648) !== 0 ? -v : v;
}

/** Raises pack()'s error about its value number `n` (0 for the first after the format). */
function badValue(n: int, what: cstring): never {
  luaError("bad argument #%d to 'pack' (%s)", n + 2, what);
}

/**
 * Packs values into a string as the format says.
 * @param fmt the format
 * @param args the values, one per option that takes one
 * @returns the packed string
 * @example ../../examples/struct/pack.lua
 */
export function pack(fmt: LuaString, ...args: LuaValue[]): LuaString {
  const r: Reader = { fmt: fmt, at: 0, endian: nativeEndian(), align: 1 };
  const native = r.endian;
  // an integer's or a double's bytes, in the order they are packed
  const tmp: FixedArray<uint8, 32> = fill(32, 0);
  const b = new LuaBuffer();
  let next: int = 0;
  let total: size_t = 0;
  let opt = nextOption(addr(r));
  while (opt !== 0) {
    const sz = optsize(addr(r), opt);
    if (sz < 0) argError(fmt, "invalid format option");
    let size = size_t(sz);
    // the padding, and the zero byte of "x"
    let zeros = toAlign(total, addr(r), opt, sz);
    total += zeros;
    if (opt === 120) zeros++;
    while (zeros > 0) {
      b.addByte(0);
      zeros--;
    }
    if (isInteger(opt) || opt === 100 || opt === 102) {
      const v = args[next];
      if (!isNumber(v)) badValue(next, "number expected");
      if (opt === 102) {
        const fb = floatBits(v);
        for (let i: size_t = 0; i < 4; i++) tmp[r.endian === LITTLE ? i : 3 - i] = uint8(fb >>> uint32(8 * i));
      } else if (opt === 100) {
        const d: number = v;
        const p = castPtr<uint8>(addr(d));
        for (let i: size_t = 0; i < 8; i++) tmp[i] = p[r.endian === native ? i : 7 - i]!;
      } else {
        const x: number = v;
        const neg = x < 0;
        // two's complement for a negative value, as C's conversion through a 64-bit integer gives
        const bits: uint32 = uint32(x);
        for (let i: size_t = 0; i < size; i++) {
          // past the 32 bits a number is exact to: the sign
          tmp[r.endian === LITTLE ? i : size - 1 - i] = i < 4 ? uint8(bits >>> uint32(8 * i)) : neg ? 255 : 0;
        }
      }
      b.addBytes(addr(tmp[0]), size);
      next++;
    } else if (opt === 99 || opt === 115) {
      const v = args[next];
      if (!isString(v)) badValue(next, "string expected");
      const str: Bytes = v;
      if (size === 0) size = str.length;
      if (str.length < size) badValue(next, "string too short");
      b.addBytes(part(str, 0, size));
      if (opt === 115) {
        b.addByte(0);
        size++;
      }
      next++;
    }
    total += size;
    opt = nextOption(addr(r));
  }
  return b.result();
}

/**
 * Unpacks the values a string holds as the format says.
 * @param fmt the format
 * @param s the packed string
 * @param offset where in `s` to start reading (1 is its first byte)
 * @returns the values, then the index in `s` after the last byte read
 * @example ../../examples/struct/unpack.lua
 */
export function unpack(fmt: LuaString, s: LuaString, offset: int = 1): [...(number | LuaString)[], int] {
  if (offset < 1) argError(offset, "offset must be at least 1");
  const r: Reader = { fmt: fmt, at: 0, endian: nativeEndian(), align: 1 };
  const native = r.endian;
  const out: (number | LuaString)[] = [];
  // the last number read, held back until the next value: "c0" takes it as its length instead
  let held: number = 0;
  let holding = false;
  let pos = size_t(offset - 1);
  let opt = nextOption(addr(r));
  while (opt !== 0) {
    const sz = optsize(addr(r), opt);
    if (sz < 0) argError(fmt, "invalid format option");
    let size = size_t(sz);
    pos += toAlign(pos, addr(r), opt, sz);
    if (pos > s.length || size > s.length - pos) argError(s, "data string too short");
    const c0 = opt === 99 && size === 0;
    // every option but "x", "c0" and the control ones gives a value, which pushes the held number
    if (holding && ((size > 0 && opt !== 120) || opt === 115)) {
      out.push(held);
      holding = false;
    }
    if (isInteger(opt)) {
      // the bytes from the most significant one on; a negative value (lower case: signed) through its
      // complement, -(~v + 1), so that it is exact in a double wherever its magnitude is
      const neg = opt >= 97 && s[pos + (r.endian === BIG ? 0 : size - 1)]! >= 128;
      let v: number = 0;
      for (let i: size_t = 0; i < size; i++) {
        const byte = s[pos + (r.endian === BIG ? i : size - 1 - i)]!;
        v = v * 256 + double(neg ? 255 - byte : byte);
      }
      held = neg ? -(v + 1) : v;
      holding = true;
    } else if (opt === 102) {
      let fb: uint32 = 0;
      for (let i: size_t = 0; i < 4; i++) fb = uint32((fb << 8) | s[pos + (r.endian === BIG ? i : 3 - i)]!);
      held = floatValue(fb);
      holding = true;
    } else if (opt === 100) {
      let d: number = 0;
      const p = castPtr<uint8>(addr(d));
      for (let i: size_t = 0; i < 8; i++) p[r.endian === native ? i : 7 - i] = s[pos + i]!;
      held = d;
      holding = true;
    } else if (opt === 99 || opt === 115) {
      let n = size;
      if (c0) {
        if (!holding) luaError("format `c0' needs a previous size");
        holding = false;
        if (held < 0 || held > double(s.length - pos)) argError(s, "data string too short");
        n = size_t(held);
        size = n;
      } else if (opt === 115) {
        let e = pos;
        while (e < s.length && s[e] !== 0) e++;
        if (e >= s.length) luaError("unfinished string in data");
        n = e - pos;
        size = n + 1;
      }
      out.push(part(s, pos, n));
    }
    pos += size;
    opt = nextOption(addr(r));
  }
  if (holding) out.push(held);
  return [...out, int(pos + 1)];
}

/**
 * The size of the string pack() makes with a format (one without "s" and "c0").
 * @param fmt the format
 * @returns its size in bytes
 * @example ../../examples/struct/size.lua
 */
export function size(fmt: LuaString): int {
  const r: Reader = { fmt: fmt, at: 0, endian: nativeEndian(), align: 1 };
  let pos: size_t = 0;
  let opt = nextOption(addr(r));
  while (opt !== 0) {
    const sz = optsize(addr(r), opt);
    if (sz < 0) argError(fmt, "invalid format option");
    if (opt === 115) argError(fmt, "option 's' has no fixed size");
    if (opt === 99 && sz === 0) argError(fmt, "option 'c0' has no fixed size");
    pos += toAlign(pos, addr(r), opt, sz) + size_t(sz);
    opt = nextOption(addr(r));
  }
  return int(pos);
}
