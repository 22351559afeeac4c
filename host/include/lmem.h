/*
 * lmem.h for the NodeMCU host platform.
 *
 * NodeMCU modules include Lua's internal lmem.h and allocate through it
 * (encoder.c: luaM_malloc, luaM_realloc_, and lua.h's luaN_freearray).
 * Debian ships no Lua internals and its liblua keeps luaM_realloc_ hidden,
 * so the host declares the same macros, with NodeMCU's argument shapes per
 * Lua version, over its own luaM_realloc_ (host/platform/lmem.c). That one
 * allocates with the state's lua_Alloc, runs a full collection and retries
 * when it fails, and then raises "not enough memory", as Lua's does; what
 * it cannot do is charge the block to Lua's GC debt (collectgarbage("count")
 * does not see it on the host).
 */
#ifndef HOST_NODEMCU_LMEM_H
#define HOST_NODEMCU_LMEM_H
#include <lua.h> /* <> so that include_next in the wrapper works */
#include <stddef.h>

#define MEMERRMSG "not enough memory"

/* Lua's MAX_SIZET (llimits.h), under a name of our own. */
#define HOST_LMEM_MAX_SIZET (((size_t)~(size_t)0) - 2)

/* Generic allocation: frees when size is 0; raises instead of returning
 * NULL. oldsize is handed to the allocator as Lua does (with block NULL,
 * 5.3 passes a type tag there). */
LUA_API void *(luaM_realloc_)(lua_State *L, void *block, size_t oldsize, size_t size);
/* Grows a vector for luaM_growvector: doubles *size (at least 4), raises
 * "too many <what> (limit is <limit>)" past limit. */
LUA_API void *(luaM_growaux_)(lua_State *L, void *block, int *size, size_t size_elem, int limit,
                              const char *what);

#if LUA_VERSION_NUM == 501

/* Raises "memory allocation error: block too big". */
LUA_API void *(luaM_toobig)(lua_State *L);

#define luaM_reallocv(L, b, on, n, e)                                  \
  (((size_t)((n) + 1) <= HOST_LMEM_MAX_SIZET / (e))                    \
       ? luaM_realloc_(L, (b), (on) * (e), (n) * (e))                  \
       : luaM_toobig(L))
#define luaM_freemem(L, b, s) luaM_realloc_(L, (b), (s), 0)
#define luaM_free(L, b) luaM_realloc_(L, (b), sizeof(*(b)), 0)
#define luaM_freearray(L, b, n, t) luaM_reallocv(L, (b), n, 0, sizeof(t))
#define luaM_malloc(L, t) luaM_realloc_(L, NULL, 0, (t))
#define luaM_new(L, t) ((t *)luaM_malloc(L, sizeof(t)))
#define luaM_newvector(L, n, t) ((t *)luaM_reallocv(L, NULL, 0, n, sizeof(t)))

#else /* 5.3 */

LUA_API void (luaM_toobig)(lua_State *L) __attribute__((noreturn));

#define luaM_reallocv(L, b, on, n, e)                                        \
  (((sizeof(n) >= sizeof(size_t) && (size_t)(n) + 1 > HOST_LMEM_MAX_SIZET / (e)) \
        ? luaM_toobig(L)                                                     \
        : (void)0),                                                          \
   luaM_realloc_(L, (b), (on) * (e), (n) * (e)))
#define luaM_reallocvchar(L, b, on, n) \
  ((char *)luaM_realloc_(L, (b), (on) * sizeof(char), (n) * sizeof(char)))
#define luaM_freemem(L, b, s) luaM_realloc_(L, (b), (s), 0)
#define luaM_free(L, b) luaM_realloc_(L, (b), sizeof(*(b)), 0)
#define luaM_freearray(L, b, n) luaM_realloc_(L, (b), (n) * sizeof(*(b)), 0)
#define luaM_malloc(L, s) luaM_realloc_(L, NULL, 0, (s))
#define luaM_new(L, t) ((t *)luaM_malloc(L, sizeof(t)))
#define luaM_newvector(L, n, t) ((t *)luaM_reallocv(L, NULL, 0, n, sizeof(t)))
#define luaM_newobject(L, tag, s) luaM_realloc_(L, NULL, tag, (s))

#endif

#define luaM_growvector(L, v, nelems, size, t, limit, e) \
  if ((nelems) + 1 > (size))                             \
  ((v) = (t *)luaM_growaux_(L, v, &(size), sizeof(t), limit, e))

#define luaM_reallocvector(L, v, oldn, n, t) \
  ((v) = (t *)luaM_reallocv(L, v, oldn, n, sizeof(t)))

#endif
