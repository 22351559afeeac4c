/*
 * lua.h for the NodeMCU host platform.
 *
 * Modules written for NodeMCU include "lua.h" and expect NodeMCU's additions
 * to it (ROTable types, lua_getstate, lua_pushrotable, and under Lua 5.1 the
 * 5.2-style helpers NodeMCU back-ported).  host/include comes first on the
 * include path, so this wrapper adds those to Debian's real lua.h, which is
 * pulled in with #include_next from /usr/include/lua5.x.
 */
#ifndef HOST_NODEMCU_LUA_H
#define HOST_NODEMCU_LUA_H

/* NodeMCU's luaconf.h includes sdkconfig.h, so every module sees the
 * Kconfig symbols (CONFIG_NODEMCU_CMODULE_*, CONFIG_LUA_VERSION_*).  The
 * runner generates one per build; a bare syntax check may have none. */
#if defined(__has_include)
#if __has_include("sdkconfig.h")
#include "sdkconfig.h"
#endif
#endif

/* NodeMCU's 5.3 luaconf.h keeps luaL_checkint & co. for its modules. */
#ifndef LUA_COMPAT_APIINTCASTS
#define LUA_COMPAT_APIINTCASTS
#endif

/* The ESP32 object build (test/esp32) compiles against these headers with no
 * liblua to match, so it takes NodeMCU's number types from Kconfig as the
 * firmware's luaconf.h does: 32-bit int and float unless
 * CONFIG_LUA_NUMBER_INT64 / CONFIG_LUA_NUMBER_DOUBLE. Lua 5.3's luaconf.h
 * reads LUA_INT_TYPE and LUA_FLOAT_TYPE (1 = int / float); 5.1 ignores them.
 * The host build must match Debian's liblua, so it leaves them alone. */
#ifdef __XTENSA__
#ifndef CONFIG_LUA_NUMBER_INT64
#define LUA_INT_TYPE 1
#endif
#ifndef CONFIG_LUA_NUMBER_DOUBLE
#define LUA_FLOAT_TYPE 1
#endif
#endif

#include_next <lua.h>

#include <stdint.h>
#include <stdbool.h>

/* The Kconfig choice and the Lua headers on the include path must agree. */
#if defined(CONFIG_LUA_VERSION_51) && LUA_VERSION_NUM != 501
#error "CONFIG_LUA_VERSION_51 is set but the Lua headers are not 5.1"
#endif
#if defined(CONFIG_LUA_VERSION_53) && LUA_VERSION_NUM != 503
#error "CONFIG_LUA_VERSION_53 is set but the Lua headers are not 5.3"
#endif

/* NodeMCU's luaconf.h (5.1 and 5.3): "LUAL_BUFFERSIZE 256, NodeMCU setting
 * because of stack limits"; Debian's is 8192 (5.3) or BUFSIZ (5.1). Every
 * luaL_Buffer a module declares, luaL_prepbuffer's chunk and pipe's chunk
 * size follow it. Debian's liblua was compiled with its own value, so the
 * few liblua functions that assume it for a caller's buffer are swapped for
 * ones that honour 256 (lauxlib.h, host/platform/auxbuf.c). */
#undef LUAL_BUFFERSIZE
#define LUAL_BUFFERSIZE 256

#if LUA_VERSION_NUM == 503
/* NodeMCU's 5.3 luaconf.h keeps these 5.1 names for its modules (pipe.c
 * calls lua_objlen); Debian's only has them with LUA_COMPAT_5_1. */
#ifndef lua_objlen
#define lua_strlen(L, i) lua_rawlen(L, (i))
#define lua_objlen(L, i) lua_rawlen(L, (i))
#define lua_equal(L, idx1, idx2) lua_compare(L, (idx1), (idx2), LUA_OPEQ)
#define lua_lessthan(L, idx1, idx2) lua_compare(L, (idx1), (idx2), LUA_OPLT)
#endif
#endif

#if LUA_VERSION_NUM == 501
/* NodeMCU's Lua 5.1 carries these 5.2/5.3 names; Debian's 5.1 does not. */
#ifndef LUA_OK
#define LUA_OK 0
#endif
/* NodeMCU's 5.1 lua_Integer is int, so code that spells the unsigned
 * integer type as "unsigned LUA_INTEGER" (bit.c's lua_UInteger, when
 * LUA_UNSIGNED is not defined) gets unsigned int there; Debian's
 * LUA_INTEGER is ptrdiff_t, which "unsigned" cannot qualify. Defining
 * LUA_UNSIGNED as NodeMCU's lua_Unsigned (LUAI_UINT32) gives such code the
 * same 32-bit unsigned type it has on the device. */
#ifndef LUA_UNSIGNED
#define LUA_UNSIGNED LUAI_UINT32
#endif
typedef LUA_UNSIGNED lua_Unsigned;
#define lua_pushunsigned(L, n) lua_pushinteger(L, (lua_Integer)(n))
#define lua_tounsigned(L, i) ((lua_Unsigned)lua_tointeger(L, i))
LUA_API int (lua_absindex)(lua_State *L, int idx);
#endif

/* NodeMCU extensions to the standard API (lnodemcu.h has the layout). */
typedef struct ROTable ROTable;
typedef const struct ROTable_entry ROTable_entry;

/* Pushes the Lua table that stands for ROM table p (built once, cached). */
LUA_API void (lua_pushrotable)(lua_State *L, const ROTable *p);

/* The main Lua state: the one the Lua task runs in. */
LUA_API lua_State *(lua_getstate)(void);

/* NodeMCU's lua.h frees module allocations (lmem.h's luaM_*) with this,
 * l elements at b. Include lmem.h to use it. On 5.3 it is luaM_freearray,
 * as there; NodeMCU's 5.1 passes sizeof(*b) as luaM_freearray's type
 * argument, which sizes the block by sizeof(size_t) per element: the size
 * only feeds Lua's memory count, so the host frees with the true one. */
#if LUA_VERSION_NUM == 501
#define luaN_freearray(L, b, l) luaM_freemem(L, (b), (l) * sizeof(*(b)))
#else
#define luaN_freearray(L, a, l) luaM_freearray(L, a, l)
#endif

#endif
