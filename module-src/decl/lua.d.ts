/**
 * @header "lauxlib.h"
 *
 * The few Lua C API calls the mqtt module makes itself (reading a table of
 * topics); everything else about Lua is derived by tsc2c's binding.
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
export declare function lua_tolstring(L: LuaState, index: int, len: Ptr<size_t> | null): cstring | null;
