/** @header "lua.h" */

/** How many values are on the Lua stack of the running C function: the shape tests' view of its balance. */
export declare function lua_gettop(L: LuaState): int;
