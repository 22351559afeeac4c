/* luaL_Buffer at NodeMCU's LUAL_BUFFERSIZE (256, host/include/lua.h).
 *
 * A module's luaL_Buffer is laid out with 256 bytes, but Debian's liblua
 * was compiled with its own 8192 (5.3) or BUFSIZ (5.1), and a few of its
 * functions use that number for the caller's buffer: 5.3's luaL_buffinit
 * stores it as the buffer's size, 5.1's luaL_addlstring/addvalue fill up
 * to it. Used on a 256-byte buffer they write past its end. lauxlib.h
 * sends modules' calls to these instead; everything else in liblua goes by
 * the size stored in the buffer (5.3) or by the buffer's start (5.1). */
#include <string.h>
#include "lauxlib.h"

#if LUA_VERSION_NUM == 503

LUALIB_API void host_luaL_buffinit(lua_State *L, luaL_Buffer *B) {
  (luaL_buffinit)(L, B);
  B->size = LUAL_BUFFERSIZE;
}

LUALIB_API char *host_luaL_buffinitsize(lua_State *L, luaL_Buffer *B, size_t sz) {
  host_luaL_buffinit(L, B);
  return luaL_prepbuffsize(B, sz);
}

#else /* 5.1 */

/* Bytes in the buffer not yet pushed to the stack. */
static size_t pending(const luaL_Buffer *B) {
  return (size_t)(B->p - B->buffer);
}

LUALIB_API void host_luaL_addlstring(luaL_Buffer *B, const char *s, size_t l) {
  while (l > 0) {
    size_t used = pending(B);
    if (used >= LUAL_BUFFERSIZE) {
      (luaL_prepbuffer)(B); /* pushes the full buffer, empties it */
      continue;
    }
    size_t n = LUAL_BUFFERSIZE - used;
    if (n > l)
      n = l;
    memcpy(B->p, s, n);
    B->p += n;
    s += n;
    l -= n;
  }
}

LUALIB_API void host_luaL_addstring(luaL_Buffer *B, const char *s) {
  host_luaL_addlstring(B, s, strlen(s));
}

/* Adds the value on top of the stack (popped), as 5.1's luaL_addvalue:
 * copied when it fits, else it joins the buffer's pieces on the stack. */
LUALIB_API void host_luaL_addvalue(luaL_Buffer *B) {
  lua_State *L = B->L;
  size_t vl;
  const char *s = lua_tolstring(L, -1, &vl);
  size_t used = pending(B);
  if (used <= LUAL_BUFFERSIZE && vl <= LUAL_BUFFERSIZE - used) {
    memcpy(B->p, s, vl);
    B->p += vl;
    lua_pop(L, 1);
    return;
  }
  if (used > 0) {
    lua_pushlstring(L, B->buffer, used);
    lua_insert(L, -2); /* the buffer's bytes go before the value */
    B->p = B->buffer;
    B->lvl++;
  }
  B->lvl++;
  lua_concat(L, B->lvl); /* keep one piece on the stack */
  B->lvl = 1;
}

#endif
