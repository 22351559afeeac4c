/*
 * Our own bit module (NodeMCU's docs/modules/bit.md), so lua/bit.lua runs in
 * CI without a NodeMCU checkout. Like NodeMCU's bit.c it names the VM's
 * unsigned integer LUA_UNSIGNED, which the host's lua.h defines on 5.1 as
 * NodeMCU's 32-bit lua_Unsigned (Debian's 5.1 has no such macro).
 */
#include "module.h"
#include "lauxlib.h"

typedef LUA_UNSIGNED uvalue;

static lua_Integer arg(lua_State *L, int i) { return luaL_checkinteger(L, i); }

static int bit_bnot(lua_State *L) {
  lua_pushinteger(L, ~arg(L, 1));
  return 1;
}

/* op: 0 and, 1 or, 2 xor, over all arguments */
static int fold(lua_State *L, int op) {
  lua_Integer w = arg(L, 1);
  for (int i = 2; i <= lua_gettop(L); i++) {
    lua_Integer v = arg(L, i);
    w = op == 0 ? (w & v) : op == 1 ? (w | v) : (w ^ v);
  }
  lua_pushinteger(L, w);
  return 1;
}
static int bit_band(lua_State *L) { return fold(L, 0); }
static int bit_bor(lua_State *L) { return fold(L, 1); }
static int bit_bxor(lua_State *L) { return fold(L, 2); }

static int bit_lshift(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)((uvalue)arg(L, 1) << (unsigned)arg(L, 2)));
  return 1;
}
static int bit_rshift(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)((uvalue)arg(L, 1) >> (unsigned)arg(L, 2)));
  return 1;
}
static int bit_arshift(lua_State *L) {
  lua_pushinteger(L, arg(L, 1) >> (unsigned)arg(L, 2)); /* arithmetic on gcc */
  return 1;
}
static int bit_bit(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)((uvalue)1 << (unsigned)arg(L, 1)));
  return 1;
}

static int bit_isset(lua_State *L) {
  lua_pushboolean(L, ((uvalue)arg(L, 1) >> (unsigned)arg(L, 2)) & 1);
  return 1;
}
static int bit_isclear(lua_State *L) {
  lua_pushboolean(L, !(((uvalue)arg(L, 1) >> (unsigned)arg(L, 2)) & 1));
  return 1;
}

/* set (1) or clear (0) the bits at every position after the value */
static int change(lua_State *L, int set) {
  uvalue v = (uvalue)arg(L, 1);
  for (int i = 2; i <= lua_gettop(L); i++) {
    uvalue m = (uvalue)1 << (unsigned)arg(L, i);
    v = set ? (v | m) : (v & ~m);
  }
  lua_pushinteger(L, (lua_Integer)v);
  return 1;
}
static int bit_set(lua_State *L) { return change(L, 1); }
static int bit_clear(lua_State *L) { return change(L, 0); }

LROT_BEGIN(bit, NULL, 0)
  LROT_FUNCENTRY(bnot, bit_bnot)
  LROT_FUNCENTRY(band, bit_band)
  LROT_FUNCENTRY(bor, bit_bor)
  LROT_FUNCENTRY(bxor, bit_bxor)
  LROT_FUNCENTRY(lshift, bit_lshift)
  LROT_FUNCENTRY(rshift, bit_rshift)
  LROT_FUNCENTRY(arshift, bit_arshift)
  LROT_FUNCENTRY(bit, bit_bit)
  LROT_FUNCENTRY(set, bit_set)
  LROT_FUNCENTRY(clear, bit_clear)
  LROT_FUNCENTRY(isset, bit_isset)
  LROT_FUNCENTRY(isclear, bit_isclear)
LROT_END(bit, NULL, 0)

NODEMCU_MODULE(BIT, "bit", bit, NULL);
