/**
 * The prelude's meaning under Node: the same programs tsc2c compiles to C run
 * here unchanged, and must print the same bytes (see docs/language.md and the
 * differential tests in test/compiler/diff). Everything here wraps, truncates
 * and formats exactly like the C the compiler emits on a 32-bit target.
 *
 * `installPrelude()` puts the intrinsics of c.d.ts on globalThis; `libc` holds
 * the C library functions programs declare in .d.ts files (printf, putchar...).
 */

// ---- integer conversions: C's conversion to a fixed-width type, two's complement ----

const toInt32 = (x: number): number => x | 0;
const toUint32 = (x: number): number => x >>> 0;

export const conversions = {
  int8: (x: number): number => (x << 24) >> 24,
  int16: (x: number): number => (x << 16) >> 16,
  int32: toInt32,
  int: toInt32,
  uint8: (x: number): number => x & 0xff,
  uint16: (x: number): number => x & 0xffff,
  uint32: toUint32,
  /** size_t is 32 bits on the ESP32 target */
  size_t: toUint32,
  /** char's signedness differs between targets: only 0..127 is portable */
  char: (x: number): number => {
    const c = x & 0xff;
    if (c > 127) throw new RangeError(`char(${x}): a char outside 0..127 is target-defined in C`);
    return c;
  },
  double: (x: number): number => x,
};

// ---- byte strings, pointers, arrays, Kconfig ----

/** A byte string from a literal: one byte per UTF-16 unit (as the compiler emits it). */
export function bytes(literal: string): Uint8Array {
  return Uint8Array.from(Buffer.from(literal, "latin1"));
}

/** The bytes of a C string, up to its first NUL. */
export function bytesOf(s: string): Uint8Array {
  const all = Buffer.from(s, "utf8");
  const nul = all.indexOf(0);
  return Uint8Array.from(nul < 0 ? all : all.subarray(0, nul));
}

/**
 * Memory a program allocates (calloc below) is bytes under Node, a Uint8Array: `castPtr<uint8>(m)`
 * is that array itself, and `p[i] = v`, `p[i] |= v` store the low 8 bits as C's conversion does.
 * A view of another type over it has no Node meaning; differential programs use byte pointers.
 */
export function castPtr<T>(p: unknown): T {
  return p as T;
}

/** `offset(p, n)`: the bytes from n on, sharing the memory (C's `p + n`). */
export function offset<T>(p: T, n: number): T {
  if (!(p instanceof Uint8Array)) throw new TypeError("offset() of anything but bytes has no meaning under Node");
  return p.subarray(n) as T;
}

export function addr<T>(x: T): T {
  if (typeof x !== "object" || x === null) throw new TypeError("addr() of a scalar has no meaning under Node");
  return x;
}

/** `fill(n, v)`: C copies v into every element, so structs are cloned, never shared. */
export function fill<T>(length: number, value: T): T[] {
  return Array.from({ length }, () => (typeof value === "object" && value !== null ? structuredClone(value) : value));
}

/** No Kconfig symbol is set under Node, as none is defined on the host compiler's command line. */
export function kconfig(_symbol: string): boolean {
  return false;
}

// ---- stdio: output collected as bytes (a latin1 string), as C writes them ----

let out = "";

/** Returns what the program printed since the last call, as a latin1 string of bytes. */
export function takeOutput(): string {
  const s = out;
  out = "";
  return s;
}

const utf8Bytes = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

function pad(body: string, sign: string, flags: string, width: number | undefined, numeric: boolean): string {
  const len = sign.length + body.length;
  if (width === undefined || len >= width) return sign + body;
  if (flags.includes("-")) return sign + body + " ".repeat(width - len);
  if (flags.includes("0") && numeric) return sign + "0".repeat(width - len) + body;
  return " ".repeat(width - len) + sign + body;
}

/** `%.Nf` exactly as glibc prints it: the exact binary value, rounded half to even. */
export function formatFixed(x: number, prec: number): { sign: string; body: string } {
  if (Number.isNaN(x)) return { sign: "", body: "nan" };
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) return { sign: negative ? "-" : "", body: "inf" };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  let num = mant * 10n ** BigInt(prec);
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  let body = q.toString();
  if (prec > 0) {
    body = body.padStart(prec + 1, "0");
    body = `${body.slice(0, -prec)}.${body.slice(-prec)}`;
  }
  return { sign: negative ? "-" : "", body };
}

const spec = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?(hh|h|ll|l|z)?([\s\S]?)/g;

/**
 * printf for the formats whose output Node and C agree on: %d %i %u %x %X %c
 * %s %f (with flags, width, precision; length modifiers hh h l z). Integer
 * arguments are reinterpreted as C's vararg promotion does (%u of -1 prints 4294967295).
 */
export function sprintf(format: string, ...args: unknown[]): string {
  let i = 0;
  const next = (): unknown => {
    if (i >= args.length) throw new RangeError(`printf: too few arguments for "${format}"`);
    return args[i++];
  };
  const num = (v: unknown): number => (typeof v === "boolean" ? (v ? 1 : 0) : (v as number));
  const text = utf8Bytes(format).replace(spec, (_m, flags: string, w: string | undefined, p: string | undefined, len: string | undefined, conv: string) => {
    if (conv === "%") return "%";
    const width = w === "*" ? num(next()) : w !== undefined ? Number(w) : undefined;
    const prec = p !== undefined ? Number(p) : undefined;
    const v = next();
    switch (conv) {
      case "d":
      case "i": {
        let n = num(v);
        if (len === "hh") n = conversions.int8(n);
        else if (len === "h") n = conversions.int16(n);
        else if (len !== "l" && len !== "ll" && len !== "z") n = toInt32(n);
        const sign = n < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
        let body = String(Math.abs(n));
        if (prec !== undefined) body = body.padStart(prec, "0");
        return pad(body, sign, prec !== undefined ? flags.replace("0", "") : flags, width, true);
      }
      case "u":
      case "x":
      case "X": {
        let n = num(v);
        if (len === "hh") n = n & 0xff;
        else if (len === "h") n = n & 0xffff;
        else if (len !== "l" && len !== "ll" && len !== "z") n = toUint32(n);
        let body = conv === "u" ? String(n) : n.toString(16);
        if (conv === "X") body = body.toUpperCase();
        if (prec !== undefined) body = body.padStart(prec, "0");
        const prefix = flags.includes("#") && n !== 0 && conv !== "u" ? (conv === "x" ? "0x" : "0X") : "";
        return pad(body, prefix, prec !== undefined ? flags.replace("0", "") : flags, width, true);
      }
      case "c":
        return pad(String.fromCharCode(num(v) & 0xff), "", flags, width, false);
      case "s": {
        if (typeof v !== "string") throw new TypeError(`printf: %s needs a string, got ${typeof v}`);
        let s = utf8Bytes(v);
        const nul = s.indexOf("\0");
        if (nul >= 0) s = s.slice(0, nul);
        if (prec !== undefined) s = s.slice(0, prec);
        return pad(s, "", flags, width, false);
      }
      case "f": {
        const f = formatFixed(num(v), prec ?? 6);
        const sign = f.sign || (flags.includes("+") ? "+" : flags.includes(" ") ? " " : "");
        return pad(f.body, sign, Number.isFinite(num(v)) ? flags : flags.replace("0", ""), width, true);
      }
    }
    throw new RangeError(`printf: unsupported conversion %${conv} in "${format}"`);
  });
  if (i !== args.length) throw new RangeError(`printf: ${args.length - i} unused argument(s) for "${format}"`);
  return text;
}

/** The C library functions the test programs declare (test/compiler/fixtures/decl/*.d.ts). */
export const libc = {
  printf(format: string, ...args: unknown[]): number {
    const s = sprintf(format, ...args);
    out += s;
    return s.length;
  },
  putchar(c: number): number {
    out += String.fromCharCode(c & 0xff);
    return c & 0xff;
  },
  puts(s: string): number {
    libc.printf("%s\n", s);
    return 1;
  },
  abs: (x: number): number => toInt32(Math.abs(x)),
  strlen: (s: string): number => bytesOf(s).length,
  /** compares the bytes up to the first NUL, like C; returns -1, 0 or 1 */
  strcmp: (a: string, b: string): number => Math.sign(Buffer.compare(bytesOf(a), bytesOf(b))),
  /** zeroed bytes (see castPtr) */
  calloc: (n: number, size: number): Uint8Array => new Uint8Array(n * size),
  /** the garbage collector's */
  free: (_p: unknown): void => undefined,
};
export const { printf, putchar, puts, abs, strlen, strcmp, calloc, free } = libc;

/** Installs the prelude's intrinsics (uint8(), bytes(), kconfig()...) as globals. */
export function installPrelude(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  Object.assign(target, conversions, { bytes, bytesOf, castPtr, offset, addr, fill, kconfig });
}
