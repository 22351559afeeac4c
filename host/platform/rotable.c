/*
 * ROM tables become real Lua tables on first use.  Each is built once and
 * cached in the registry under its address, so every reference to it (a
 * module global, an __index entry pointing back at its own metatable, a
 * luaL_rometatable name) is the same table.
 */
#include <string.h>
#include "lauxlib.h"
#include "lnodemcu.h"
#include "esp_log.h"

static const char CACHE_KEY[] = "host.rotables";
static const char *TAG = "rotable";

static void push_cache(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, CACHE_KEY);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, CACHE_KEY);
  }
}

/* Pushes one entry's value; returns 0 (nothing pushed) for nil. */
static int push_value(lua_State *L, const host_ro_value_t *v) {
  switch (v->type) {
  case HOST_RO_FUNC: lua_pushcfunction(L, v->u.f); return 1;
  case HOST_RO_LUDATA: lua_pushlightuserdata(L, v->u.p); return 1;
  case HOST_RO_INT: lua_pushinteger(L, v->u.i); return 1;
  case HOST_RO_FLOAT: lua_pushnumber(L, v->u.n); return 1;
  case HOST_RO_TABLE: lua_pushrotable(L, v->u.t); return 1;
  case HOST_RO_NIL: break;
  }
  return 0;
}

static void fill(lua_State *L, int t, const ROTable *p) {
  for (const ROTable_entry *e = p->entry; e && e->key; e++) {
    if (strlen(e->key) > LUA_MAX_ROTABLE_NAME) {
      /* NodeMCU cannot find such a key either; say so instead of hiding it. */
      ESP_LOGW(TAG, "key '%s' is longer than %d characters: ignored as on NodeMCU",
               e->key, LUA_MAX_ROTABLE_NAME);
      continue;
    }
    if (push_value(L, &e->value))
      lua_setfield(L, t, e->key);
  }
}

LUA_API void lua_pushrotable(lua_State *L, const ROTable *p) {
  luaL_checkstack(L, 4, "rotable");
  push_cache(L);
  lua_pushlightuserdata(L, (void *)p);
  lua_rawget(L, -2);
  if (!lua_isnil(L, -1)) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 1);
  lua_createtable(L, 0, (int)p->count);
  /* Cache before filling: entries may lead back to this very table. */
  lua_pushlightuserdata(L, (void *)p);
  lua_pushvalue(L, -2);
  lua_rawset(L, -4);
  lua_remove(L, -2);
  int t = lua_gettop(L);
  fill(L, t, p);
  if (p->meta) {
    lua_pushrotable(L, p->meta);
    lua_setmetatable(L, t);
  }
}

LUALIB_API int luaL_rometatable(lua_State *L, const char *tname, const ROTable *p) {
  lua_getfield(L, LUA_REGISTRYINDEX, tname);
  if (!lua_isnil(L, -1))
    return 0; /* taken: the existing value stays on top, as upstream */
  lua_pop(L, 1);
  lua_pushrotable(L, p);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, tname);
  return 1;
}
