/**
 * Binding types: how a module's TypeScript signatures describe Lua values.
 * Only meaningful in a module with a /** @luaModule name *\/ tag; see docs/modules.md.
 */

/** The Lua state (`lua_State *`); a Lua function's own state is available as `L`. */
interface LuaState { readonly __luaState?: never }

/**
 * A Lua function argument (a stack index in C). Store it in a LuaRef field to keep it.
 * A Lua function may also return an arrow function as one: a C closure (docs/modules.md).
 * Its call signature lets an arrow be one; `this: never` keeps TypeScript from calling it.
 */
interface LuaFunction { readonly __luaFunction?: never; (this: never, ...args: never[]): unknown }

/** A registry reference held by a userdata (starts as LUA_NOREF, released on overwrite and __gc). */
type LuaRef = LuaFunction | LuaString | LuaTable | object | null;

/** A Lua table argument: walk it with pairs(), or declare its fields with an interface. */
interface LuaTable { readonly __luaTable?: never }

/** A binary-safe Lua string argument: (pointer, length). */
type LuaString = Bytes;

/** An unset registry ref, to initialise memory the program allocated itself (assigning null would release garbage). */
declare const LUA_NOREF: LuaRef;

/** The state of the Lua task. */
declare const L: LuaState;

/**
 * Whether a call of a `@luaTask` function was posted to the Lua task (the function runs there
 * later, whatever it returns): `const ok = posted(tick(n));`. A plain call `tick(n);` posts too.
 */
declare function posted(call: void): bool;

/**
 * Calls a Lua function held in a ref through luaL_pcallx; errors are reported, never raised.
 * The arguments are numbers, booleans, strings (Bytes, cstring), userdata, tables (interfaces),
 * LuaValues or null. Its first result is a LuaValue (nil when the ref is unset or the call
 * failed): keep it with `const r = callLua(fn, ...)`, valid until the end of the enclosing block.
 */
declare function callLua(fn: LuaRef, ...args: (number | boolean | Bytes | cstring | object | LuaValue | null)[]): LuaValue;

/**
 * Raises a Lua error with a message (does not return). With arguments, the message is a
 * literal format whose %s (a cstring) and %d (an int) take them, as luaL_error formats.
 */
declare function luaError(message: cstring, ...args: (cstring | int)[]): never;


/** The registry ref's string as bytes (empty when unset); valid while the ref is held. */
declare function refBytes(ref: LuaRef): Bytes;
/** A Lua string's bytes as a C string: Lua keeps a NUL after every string. NULL when empty/absent. */
declare function cstr(s: Bytes): cstring | null;
/** Byte string equals a literal. */
declare function equals(s: Bytes, literal: string): bool;
/** Raises Lua's "bad argument #n to 'f' (message)" for a parameter of a Lua-facing function, n its real stack index (does not return). */
declare function argError(param: unknown, message: cstring): never;
/** A parameter's index on the Lua stack, 0 when the argument was absent (an optional parameter that kept its default). */
declare function argIndex(param: unknown): int;
/** Type tests on a union parameter, a LuaValue or a pairs() key or value (narrow it for TypeScript, read its Lua type in C). */
declare function isTable(v: unknown): v is object;
declare function isString(v: unknown): v is Bytes;
/** True when a LuaValue is a boolean; it then reads as a `bool` (lua_toboolean). */
declare function isBoolean(v: unknown): v is boolean;
/** True when a LuaValue is a function; it then reads as a LuaFunction (callLua() it after keeping it in a ref, or return it). */
declare function isFunction(v: unknown): v is LuaFunction;
/** True when a LuaValue is nil (or absent: an argument past the last, an unset field). */
declare function isNil(v: unknown): v is null | undefined;

/**
 * Any Lua value: a parameter (any type, nil included), an element of a rest parameter
 * `...args: LuaValue[]`, callLua()'s result, a key or value of a table walked with pairs(),
 * or a field of a userdata (a registry ref). Test it with isNumber()/isString()/isTable()/
 * isBoolean()/isFunction()/isNil() (or compare it with true, false, null or a number), then
 * read it as that type; return it to push the same value.
 */
type LuaValue = unknown;
/**
 * Walks a Lua table argument: `for (const [key, value] of pairs(t)) { ... }`
 * (lua_next in C; the order is Lua's). Key and value are read in place: a
 * string stays valid until the end of its iteration. `break`, `continue` and
 * `return` leave the Lua stack as it was.
 */
declare function pairs(t: LuaTable): Iterable<[LuaValue, LuaValue]>;
/** True when a pairs() key or value is a number; it then reads as a `number` (a double, lua_tonumber): convert with int(v). */
declare function isNumber(v: unknown): v is number;

/**
 * A string built piece by piece, as Lua's own string functions build theirs (a luaL_Buffer:
 * its pieces are kept on the Lua stack, so its length has no bound). Only in a function Lua
 * calls: `const b = new LuaBuffer();`, then its add methods, then `return b.result();`.
 */
declare class LuaBuffer {
  constructor();
  /** One byte (luaL_addchar). */
  addByte(c: uint8): void;
  /** The bytes of a byte string (luaL_addlstring). */
  addBytes(s: Bytes): void;
  /** `length` bytes from a pointer (luaL_addlstring). */
  addBytes(p: Ptr<uint8> | Ptr<char>, length: size_t): void;
  /** A C string, up to its NUL (luaL_addstring). */
  addString(s: cstring): void;
  /** A number written as Lua's tostring() writes it: an integer type as an integer, a `number` as Lua's number format (luaL_addvalue). */
  addNumber(x: number): void;
  /** The built string, pushed as the function's result (luaL_pushresult): only `return b.result();` (or the first of several results). */
  result(): LuaString;
}
