/** @header "lua.h" */

/** Pushes a copy of `n` bytes at `s` as a Lua string. */
export declare function lua_pushlstring(L: LuaState, s: Ptr<char>, n: size_t): void;
/** Pushes nil. */
export declare function lua_pushnil(L: LuaState): void;
/** Replaces the `n` values on top with their concatenation. */
export declare function lua_concat(L: LuaState, n: int): void;
/** The index of the value on top of the stack, as a LuaValue. */
export declare function lua_gettop(L: LuaState): LuaValue;
