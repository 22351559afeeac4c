/**
 * @header "lauxlib.h"
 *
 * The few Lua C API calls the mqtt module makes itself (reading a table of
 * topics, converting a port string as Lua does, its own argument errors);
 * everything else about Lua is derived by tsc2c's binding.
 */

export declare const LUA_TSTRING: int;
export declare const LUA_TNUMBER: int;
export declare const LUA_TBOOLEAN: int;

export declare function lua_pushnil(L: LuaState): void;
export declare function lua_next(L: LuaState, index: LuaTable): int;
export declare function lua_pop(L: LuaState, n: int): void;
export declare function lua_type(L: LuaState, index: int): int;
export declare function lua_tostring(L: LuaState, index: int): cstring | null;
export declare function lua_tointeger(L: LuaState, index: int): int;
export declare function lua_toboolean(L: LuaState, index: int): bool;
export declare function lua_tonumber(L: LuaState, index: int): number;
export declare function lua_isnumber(L: LuaState, index: int): bool;
export declare function lua_pushlstring(L: LuaState, s: cstring | null, len: size_t): void;
/** "bad argument #arg to 'fn' (message)"; does not return (index from argIndex(param)) */
export declare function luaL_argerror(L: LuaState, arg: int, message: cstring): never;
