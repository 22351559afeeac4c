/* lmem.h's allocation functions for NodeMCU modules (encoder.c, crypto.c
 * include it): Lua's own are internal to Debian's liblua, so these go
 * through the state's public lua_Alloc. Same contract as Lua's: size 0
 * frees; a failed allocation is retried after a full collection, then
 * raises "not enough memory". */
#include <string.h>
#include "lauxlib.h"
#include "lmem.h"

/* Lua's smallest vector (lmem.c's MINSIZEARRAY). */
#define MIN_VECTOR 4

LUA_API void *luaM_realloc_(lua_State *L, void *block, size_t oldsize, size_t size) {
  void *ud;
  lua_Alloc alloc = lua_getallocf(L, &ud);
  void *fresh = alloc(ud, block, oldsize, size);
  if (fresh == NULL && size > 0) {
    lua_gc(L, LUA_GCCOLLECT, 0);
    fresh = alloc(ud, block, oldsize, size);
    if (fresh == NULL) {
      lua_pushliteral(L, MEMERRMSG);
      lua_error(L);
    }
  }
  return fresh;
}

#if LUA_VERSION_NUM == 501
LUA_API void *luaM_toobig(lua_State *L) {
  luaL_error(L, "memory allocation error: block too big");
  return NULL;
}
#else
LUA_API void luaM_toobig(lua_State *L) {
  luaL_error(L, "memory allocation error: block too big");
  __builtin_unreachable();
}
#endif

LUA_API void *luaM_growaux_(lua_State *L, void *block, int *size, size_t size_elem, int limit,
                            const char *what) {
  int grown;
  if (*size >= limit / 2) {
    if (*size >= limit)
      luaL_error(L, "too many %s (limit is %d)", what, limit);
    grown = limit;
  } else {
    grown = *size * 2;
    if (grown < MIN_VECTOR)
      grown = MIN_VECTOR;
  }
  void *fresh = luaM_reallocv(L, block, (size_t)*size, (size_t)grown, size_elem);
  *size = grown;
  return fresh;
}
