/*
 * Registry references and string helpers, with NodeMCU's names and
 * semantics (components/lua/common/lnodeaux.h on dev-esp32).
 */
#ifndef _NODEMCU_LNODEAUX_H_
#define _NODEMCU_LNODEAUX_H_

#include <lua.h> /* <> so that include_next in the wrapper works */
#include <stdbool.h>
#include <stddef.h>

/* A reference to a Lua value in the registry.  Start every one as
 * LUA_NOREF: 0 is a valid-looking but wrong initial value. */
typedef int lua_ref_t;

/* Pops the top value; returns a reference that does not keep it alive. */
lua_ref_t luaX_weak_ref(lua_State *L);

/* Pushes the value behind a weak reference (nil once it was collected);
 * raises a Lua error for an invalid reference. */
void luaX_push_weak_ref(lua_State *L, lua_ref_t ref);

/* malloc'd, NUL-terminated copy of the string at idx, cut at max_length
 * bytes (silently, as upstream: do not use it for user payloads). */
char *luaX_alloc_string(lua_State *L, int idx, int max_length);

/* Frees a string from luaX_alloc_string; NULL is fine. */
void luaX_free_string(lua_State *L, char *st);

/* Releases *ref and sets it to LUA_NOREF. */
void luaX_unset_ref(lua_State *L, lua_ref_t *ref);

/* Releases *ref, then pins the value at stack index idx in it. */
void luaX_set_ref(lua_State *L, int idx, lua_ref_t *ref);

/* A C99 inline definition, as upstream; lnodeaux.c holds the external one
 * that unoptimised builds call. */
inline bool luaX_valid_ref(lua_ref_t ref) {
  return ref > 0;
}

/* lua_pushlstring that returns nonzero (error message on the stack)
 * instead of raising when Lua runs out of memory. */
int luaX_pushlstring(lua_State *L, const char *s, size_t l);

#endif
