/*
 * lnodeaux.h on the host.  Weak references follow the design NodeMCU
 * documents: the registry holds a small proxy table whose only value is
 * weak, so the referenced object can still be collected.
 */
#include <stdlib.h>
#include <string.h>
#include "lauxlib.h"
#include "lnodeaux.h"

/* The external definition for calls the compiler did not inline. */
extern inline bool luaX_valid_ref(lua_ref_t ref);

static const char WEAK_MT_KEY[] = "host.weakref_mt";

lua_ref_t luaX_weak_ref(lua_State *L) {
  lua_createtable(L, 1, 0); /* proxy */
  lua_getfield(L, LUA_REGISTRYINDEX, WEAK_MT_KEY);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, WEAK_MT_KEY);
  }
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -2);
  lua_rawseti(L, -2, 1);  /* proxy[1] = value */
  lua_ref_t ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);          /* the value itself */
  return ref;
}

void luaX_push_weak_ref(lua_State *L, lua_ref_t ref) {
  if (ref <= 0)
    luaL_error(L, "invalid weak ref");
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  lua_rawgeti(L, -1, 1);
  lua_remove(L, -2);
}

char *luaX_alloc_string(lua_State *L, int idx, int max_length) {
  const char *s = luaL_checkstring(L, idx);
  size_t len = strlen(s);
  if (max_length >= 0 && len > (size_t)max_length)
    len = (size_t)max_length;
  char *copy = malloc(len + 1);
  if (!copy) {
    luaL_error(L, "not enough memory");
    return NULL;
  }
  memcpy(copy, s, len);
  copy[len] = '\0';
  return copy;
}

void luaX_free_string(lua_State *L, char *st) {
  (void)L;
  free(st);
}

void luaX_unset_ref(lua_State *L, lua_ref_t *ref) {
  luaL_unref(L, LUA_REGISTRYINDEX, *ref);
  *ref = LUA_NOREF;
}

void luaX_set_ref(lua_State *L, int idx, lua_ref_t *ref) {
  luaX_unset_ref(L, ref);
  lua_pushvalue(L, idx);
  *ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

typedef struct {
  const char *s;
  size_t l;
} lstring_t;

static int push_protected(lua_State *L) {
  const lstring_t *ls = lua_touserdata(L, 1);
  lua_pushlstring(L, ls->s, ls->l);
  return 1;
}

int luaX_pushlstring(lua_State *L, const char *s, size_t l) {
  lstring_t ls = {s, l};
  lua_pushcfunction(L, push_protected);
  lua_pushlightuserdata(L, &ls);
  return lua_pcall(L, 1, 1, 0);
}
