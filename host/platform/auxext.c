/* NodeMCU's additions to lauxlib (and, for 5.1, the 5.2 helpers NodeMCU's
 * Lua 5.1 carries) that Debian's libraries lack. */
#include "lauxlib.h"

LUALIB_API void luaL_reref(lua_State *L, int t, int *ref) {
  if (!ref)
    return;
  if (*ref >= 0) {
    t = lua_absindex(L, t);
    lua_rawgeti(L, t, *ref);
    int live = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (live) {
      lua_rawseti(L, t, *ref); /* overwrite in place, keep the number */
      return;
    }
  }
  *ref = luaL_ref(L, t);
}

LUALIB_API bool luaL_totoggle(lua_State *L, int idx) {
  if (lua_isboolean(L, idx))
    return lua_toboolean(L, idx);
  if (lua_isnoneornil(L, idx))
    return false;
  if (lua_isnumber(L, idx))
    return lua_tonumber(L, idx) != 0;
  return luaL_error(L, "unexpected type");
}

#if LUA_VERSION_NUM == 501
LUA_API int lua_absindex(lua_State *L, int idx) {
  return (idx > 0 || idx <= LUA_REGISTRYINDEX) ? idx : lua_gettop(L) + idx + 1;
}

LUALIB_API void *luaL_testudata(lua_State *L, int ud, const char *tname) {
  void *p = lua_touserdata(L, ud);
  if (!p || !lua_getmetatable(L, ud))
    return NULL;
  luaL_getmetatable(L, tname);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same ? p : NULL;
}
#endif
