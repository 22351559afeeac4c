/*
 * Our own crypto module (NodeMCU's docs/modules/crypto.md: new_hash,
 * new_hmac, hasher:update, hasher:finalize), so lua/crypto.lua runs in CI
 * without a NodeMCU checkout. mbedTLS's md API, as on the device, from
 * Debian's libmbedtls-dev; the hasher's metatable is a ROM table registered
 * with luaL_rometatable. Digests are the algorithm's own length.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include "mbedtls/md.h"
#include "module.h"
#include "lauxlib.h"

#define HASHER "crypto.hasher"

typedef struct {
  mbedtls_md_context_t md;
  size_t size; /* the digest's length (3.x has mbedtls_md_info_from_ctx, 2.28 not) */
  bool hmac;
} hasher_t;

static const struct {
  const char *name;
  mbedtls_md_type_t type;
} algorithms[] = {
    {"MD5", MBEDTLS_MD_MD5},         {"RIPEMD160", MBEDTLS_MD_RIPEMD160}, {"SHA1", MBEDTLS_MD_SHA1},
    {"SHA224", MBEDTLS_MD_SHA224},   {"SHA256", MBEDTLS_MD_SHA256},       {"SHA384", MBEDTLS_MD_SHA384},
    {"SHA512", MBEDTLS_MD_SHA512},
};

static int create(lua_State *L, bool hmac) {
  const char *name = luaL_checkstring(L, 1);
  size_t keylen = 0;
  const char *key = hmac ? luaL_checklstring(L, 2, &keylen) : NULL;
  const mbedtls_md_info_t *info = NULL;
  for (size_t i = 0; i < sizeof algorithms / sizeof algorithms[0]; i++)
    if (strcasecmp(name, algorithms[i].name) == 0)
      info = mbedtls_md_info_from_type(algorithms[i].type);
  if (info == NULL)
    return luaL_error(L, "Unsupported algorithm: %s", name);
  hasher_t *h = (hasher_t *)lua_newuserdata(L, sizeof(hasher_t));
  mbedtls_md_init(&h->md); /* before the metatable: __gc may run on any error below */
  h->hmac = hmac;
  h->size = mbedtls_md_get_size(info);
  luaL_getmetatable(L, HASHER);
  lua_setmetatable(L, -2);
  int err = mbedtls_md_setup(&h->md, info, hmac);
  if (err == 0)
    err = hmac ? mbedtls_md_hmac_starts(&h->md, (const unsigned char *)key, keylen) : mbedtls_md_starts(&h->md);
  if (err != 0)
    return luaL_error(L, "Error starting context");
  return 1;
}

static int crypto_new_hash(lua_State *L) { return create(L, false); }
static int crypto_new_hmac(lua_State *L) { return create(L, true); }

static int hasher_update(lua_State *L) {
  hasher_t *h = (hasher_t *)luaL_checkudata(L, 1, HASHER);
  size_t len;
  const unsigned char *data = (const unsigned char *)luaL_checklstring(L, 2, &len);
  int err = h->hmac ? mbedtls_md_hmac_update(&h->md, data, len) : mbedtls_md_update(&h->md, data, len);
  if (err != 0)
    return luaL_error(L, "Error updating hash");
  return 0;
}

static int hasher_finalize(lua_State *L) {
  hasher_t *h = (hasher_t *)luaL_checkudata(L, 1, HASHER);
  unsigned char out[MBEDTLS_MD_MAX_SIZE];
  int err = h->hmac ? mbedtls_md_hmac_finish(&h->md, out) : mbedtls_md_finish(&h->md, out);
  if (err != 0)
    return luaL_error(L, "Error finalizing hash");
  lua_pushlstring(L, (const char *)out, h->size);
  return 1;
}

static int hasher_gc(lua_State *L) {
  mbedtls_md_free(&((hasher_t *)luaL_checkudata(L, 1, HASHER))->md);
  return 0;
}

LROT_BEGIN(crypto_hasher, NULL, LROT_MASK_GC_INDEX)
  LROT_FUNCENTRY(__gc, hasher_gc)
  LROT_TABENTRY(__index, crypto_hasher)
  LROT_FUNCENTRY(update, hasher_update)
  LROT_FUNCENTRY(finalize, hasher_finalize)
LROT_END(crypto_hasher, NULL, LROT_MASK_GC_INDEX)

LROT_BEGIN(crypto, NULL, 0)
  LROT_FUNCENTRY(new_hash, crypto_new_hash)
  LROT_FUNCENTRY(new_hmac, crypto_new_hmac)
LROT_END(crypto, NULL, 0)

static int crypto_init(lua_State *L) {
  luaL_rometatable(L, HASHER, LROT_TABLEREF(crypto_hasher));
  return 0;
}

NODEMCU_MODULE(CRYPTO, "crypto", crypto, crypto_init);
