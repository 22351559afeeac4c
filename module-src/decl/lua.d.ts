/**
 * @header "lauxlib.h"
 *
 * The few Lua C API calls the mqtt module makes itself (converting a port
 * string as Lua does, its own argument errors); everything else about Lua,
 * table walks included (pairs()), is derived by tsc2c's binding.
 */

export declare function lua_tonumber(L: LuaState, index: int): number;
export declare function lua_isnumber(L: LuaState, index: int): bool;
export declare function lua_pushlstring(L: LuaState, s: cstring | null, len: size_t): void;
export declare function lua_pop(L: LuaState, n: int): void;
/** "bad argument #arg to 'fn' (message)"; does not return (index from argIndex(param)) */
export declare function luaL_argerror(L: LuaState, arg: int, message: cstring): never;
