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

#if LUA_VERSION_NUM == 501
/* NodeMCU's Lua 5.1 carries these 5.2/5.3 names; Debian's 5.1 does not. */
#ifndef LUA_OK
#define LUA_OK 0
#endif
typedef uint32_t lua_Unsigned;
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

#endif
