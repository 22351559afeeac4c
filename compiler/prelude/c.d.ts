/**
 * The tsc2c prelude: C types and intrinsics visible to every source file.
 * Each alias is `number` (or `boolean`) to TypeScript; tsc2c reads the alias
 * declaration (compiler/load/prelude.ts) and gives it its C meaning. Plain `number` is C
 * `double`. See docs/language.md.
 */

type int = number; // int32_t
type int8 = number;
type int16 = number;
type int32 = number;
type uint8 = number;
type uint16 = number;
type uint32 = number;
type size_t = number;
type char = number; // a character code, C char
type double = number;
type bool = boolean;

/** A NUL-terminated C string: `const char *`. */
type cstring = string;

/**
 * A pointer. `Ptr<T> | null` may be null; field access goes through `->`. Any pointer converts to `Ptr<void>`.
 * A pointer to numbers is indexed like C's `p[i]`, read and written (`p[i] = uint8(v)`, `p[i] |= 0x80`).
 */
type Ptr<T> = ([T] extends [void] ? unknown : unknown extends T ? unknown : [T] extends [object] ? T : { [index: number]: T }) & { readonly __pointee?: [T] extends [void] ? unknown : T };

/** A byte string: (pointer, length), binary safe (NUL bytes allowed). */
interface Bytes {
  readonly length: size_t;
  readonly [index: number]: uint8;
}

/** A fixed-size array of N elements (`T name[N]` in C). */
type FixedArray<T, N extends number> = T[] & { readonly __length?: N };

/** Integer conversions: wrap like C's conversions (two's complement). */
declare function int8(x: number): int8;
declare function int16(x: number): int16;
declare function int32(x: number): int32;
declare function int(x: number): int;
declare function uint8(x: number): uint8;
declare function uint16(x: number): uint16;
declare function uint32(x: number): uint32;
declare function size_t(x: number): size_t;
declare function char(x: number): char;
declare function double(x: number): double;

/** A byte string from a string literal (escapes allowed, e.g. "a\0b"). */
declare function bytes(literal: string): Bytes;
/** Bytes of a C string, without its NUL. */
declare function bytesOf(s: cstring): Bytes;
/** A pointer view of another pointer type (`(T *)p` in C). */
declare function castPtr<T>(p: object | cstring | null): Ptr<T>;
/** The address of a variable or field (`&x` in C). */
declare function addr<T>(x: T): Ptr<T>;
/** A fixed-size array filled with `value`. */
declare function fill<T, N extends number>(length: N, value: T): FixedArray<T, N>;
/** Compile-time Kconfig test: `if (kconfig("MQTT_PROTOCOL_311"))` becomes `#if CONFIG_MQTT_PROTOCOL_311`. */
declare function kconfig(symbol: string): boolean;
/** `sizeof(T)` */
declare function sizeOf<T>(): size_t;
/** Element i of the array a pointer points into (`p[i]` in C). */
declare function at<T>(p: Ptr<T>, i: int): T;
/** A pointer n elements further (`p + n` in C). */
declare function offset<T>(p: Ptr<T>, n: size_t): Ptr<T>;
/** A byte string over memory the program owns (no copy). */
declare function bytesFrom(p: Ptr<char> | null, length: size_t): Bytes;
