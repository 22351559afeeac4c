/*
 * lauxlib.h for the NodeMCU host platform: Debian's lauxlib.h plus the
 * NodeMCU extensions modules call (luaL_rometatable, luaL_pcallx,
 * luaL_posttask, luaL_reref, ...), declared as NodeMCU declares them.
 */
#ifndef HOST_NODEMCU_LAUXLIB_H
#define HOST_NODEMCU_LAUXLIB_H

#include <lua.h> /* <> so that include_next in the wrapper works */
#include_next <lauxlib.h>

/* Registers ROM table p as the metatable named tname, for luaL_checkudata.
 * Leaves the metatable on the stack; returns 0 (leaving the existing value)
 * when the name is already taken. */
LUALIB_API int (luaL_rometatable)(lua_State *L, const char *tname, const ROTable *p);

#define luaL_unref2(l, t, r) \
  do { luaL_unref((l), (t), (r)); (r) = LUA_NOREF; } while (0)
/* Stores the top of the stack (popped) in *ref, reusing a live slot. */
LUALIB_API void (luaL_reref)(lua_State *L, int t, int *ref);

#define luaL_checkfunction(L, n) luaL_checktype(L, (n), LUA_TFUNCTION);
#define luaL_checktable(L, n) luaL_checktype(L, (n), LUA_TTABLE);

#if LUA_VERSION_NUM == 501
/* Present in NodeMCU's 5.1, missing from Debian's. */
LUALIB_API void *(luaL_testudata)(lua_State *L, int ud, const char *tname);
#define luaL_checkunsigned(L, a) ((lua_Unsigned)luaL_checkinteger(L, a))
#define luaL_optunsigned(L, a, d) \
  ((lua_Unsigned)luaL_optinteger(L, a, (lua_Integer)(d)))
#endif

#ifndef __XTENSA__
/* luaL_Buffer at NodeMCU's 256 bytes: the liblua functions that would fill
 * a module's buffer to Debian's size instead (host/platform/auxbuf.c says
 * which and why). The ESP32 object build links against NodeMCU's own. */
#if LUA_VERSION_NUM == 503
LUALIB_API void (host_luaL_buffinit)(lua_State *L, luaL_Buffer *B);
LUALIB_API char *(host_luaL_buffinitsize)(lua_State *L, luaL_Buffer *B, size_t sz);
#define luaL_buffinit(L, B) host_luaL_buffinit((L), (B))
#define luaL_buffinitsize(L, B, sz) host_luaL_buffinitsize((L), (B), (sz))
#else
LUALIB_API void (host_luaL_addlstring)(luaL_Buffer *B, const char *s, size_t l);
LUALIB_API void (host_luaL_addstring)(luaL_Buffer *B, const char *s);
LUALIB_API void (host_luaL_addvalue)(luaL_Buffer *B);
#define luaL_addlstring(B, s, l) host_luaL_addlstring((B), (s), (l))
#define luaL_addstring(B, s) host_luaL_addstring((B), (s))
#define luaL_addvalue(B) host_luaL_addvalue(B)
#endif
#endif

/* NodeMCU extensions */
#define LUA_TASK_LOW 0
#define LUA_TASK_MEDIUM 1
#define LUA_TASK_HIGH 2

/* Pops a function and runs it later as a task: fn(prio). Raises a Lua error
 * when the task queue is full. */
LUALIB_API int (luaL_posttask)(lua_State *L, int prio);

/* lua_pcall with a traceback handler. On error the traceback is reported
 * from a separate high-priority task (registry.onerror, else stderr); the
 * value left on the stack is the handler's result, nil, as on NodeMCU. */
LUALIB_API int (luaL_pcallx)(lua_State *L, int narg, int nres);

/* true/1 -> true; false/0/nil/none -> false; anything else is an error. */
LUALIB_API bool (luaL_totoggle)(lua_State *L, int idx);

#endif
