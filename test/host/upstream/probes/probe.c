/*
 * The C API surface NodeMCU modules rely on, probed from a module built the
 * way --with builds one: char signedness, LUAL_BUFFERSIZE and luaL_Buffer,
 * lmem.h's allocation macros, luaconf's compat macros. probe.lua asserts
 * the ESP32's answers (char unsigned, a 256-byte buffer).
 */
#include <string.h>
#include "module.h"
#include "lauxlib.h"
#include "lmem.h"

/* (char)0xff: 255 where char is unsigned (Xtensa), -1 where it is signed. */
static int probe_charff(lua_State *L) {
  lua_pushinteger(L, (int)(char)0xff);
  return 1;
}

#if LUA_VERSION_NUM == 501
#define BUFFER_ARRAY buffer
#else
#define BUFFER_ARRAY initb
#endif

/* LUAL_BUFFERSIZE, and the size of the array inside a luaL_Buffer. */
static int probe_buffersize(lua_State *L) {
  lua_pushinteger(L, LUAL_BUFFERSIZE);
  lua_pushinteger(L, (lua_Integer)sizeof(((luaL_Buffer *)0)->BUFFER_ARRAY));
  return 2;
}

/* probe.buffer(s, n): s repeated n times, through every way of filling a
 * luaL_Buffer (addlstring, addstring, addchar, addvalue, prepbuffer +
 * addsize). With a 256-byte buffer and a liblua that assumed more, ASan
 * reports the overflow. */
static int probe_buffer(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  int n = (int)luaL_checkinteger(L, 2);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 0; i < n; i++) {
    switch (i % 5) {
    case 0:
      luaL_addlstring(&b, s, len);
      break;
    case 1:
      if (strlen(s) == len)
        luaL_addstring(&b, s);
      else
        luaL_addlstring(&b, s, len);
      break;
    case 2:
      for (size_t k = 0; k < len; k++)
        luaL_addchar(&b, s[k]);
      break;
    case 3:
      lua_pushvalue(L, 1);
      luaL_addvalue(&b);
      break;
    default: {
      size_t left = len;
      const char *from = s;
      while (left > 0) {
        size_t chunk = left < LUAL_BUFFERSIZE ? left : LUAL_BUFFERSIZE;
        char *to = luaL_prepbuffer(&b);
        memcpy(to, from, chunk);
        luaL_addsize(&b, chunk);
        from += chunk;
        left -= chunk;
      }
    }
    }
  }
  luaL_pushresult(&b);
  return 1;
}

/* probe.lmem(n): n bytes from luaM_malloc, grown with luaM_realloc_ and
 * freed with luaN_freearray, as encoder.c does; returns their checksum. */
static int probe_lmem(lua_State *L) {
  size_t n = (size_t)luaL_checkinteger(L, 1);
  unsigned char *p = (unsigned char *)luaM_malloc(L, n);
  for (size_t i = 0; i < n; i++)
    p[i] = (unsigned char)i;
  p = (unsigned char *)luaM_realloc_(L, p, n, 2 * n);
  for (size_t i = n; i < 2 * n; i++)
    p[i] = (unsigned char)i;
  lua_Integer sum = 0;
  for (size_t i = 0; i < 2 * n; i++)
    sum += p[i];
  luaN_freearray(L, p, 2 * n);
  int *v = luaM_newvector(L, 4, int);
  int size = 4;
  v[3] = 7;
  luaM_growvector(L, v, 4, size, int, 100, "probe ints");
  v[7] = 9;
  sum += v[3] + v[7];
  luaM_freemem(L, v, (size_t)size * sizeof(int));
  lua_pushinteger(L, sum);
  return 1;
}

/* probe.toobig(): lmem's overflow check raises instead of allocating. */
static int probe_toobig(lua_State *L) {
  int *p = luaM_newvector(L, ((size_t)~(size_t)0) / 2, int); /* n * 4 overflows */
  luaM_freemem(L, p, 1);
  return 0;
}

/* probe.objlen(t): luaconf's lua_objlen (5.1's name; NodeMCU maps it on 5.3). */
static int probe_objlen(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)lua_objlen(L, 1));
  return 1;
}

/* probe.unsigned32(v): v as NodeMCU's lua_Unsigned through LUA_UNSIGNED
 * (bit.c's lua_UInteger), shifted right by 28. */
static int probe_unsigned(lua_State *L) {
  LUA_UNSIGNED u = (LUA_UNSIGNED)luaL_checkinteger(L, 1);
  lua_pushinteger(L, (lua_Integer)(u >> 28));
  lua_pushinteger(L, (lua_Integer)sizeof(lua_Unsigned));
  return 2;
}

LROT_BEGIN(probe, NULL, 0)
  LROT_FUNCENTRY(charff, probe_charff)
  LROT_FUNCENTRY(buffersize, probe_buffersize)
  LROT_FUNCENTRY(buffer, probe_buffer)
  LROT_FUNCENTRY(lmem, probe_lmem)
  LROT_FUNCENTRY(toobig, probe_toobig)
  LROT_FUNCENTRY(objlen, probe_objlen)
  LROT_FUNCENTRY(unsigned32, probe_unsigned)
LROT_END(probe, NULL, 0)

NODEMCU_MODULE(PROBE, "probe", probe, NULL);
