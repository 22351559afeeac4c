/*
 * Our own encoder module (toBase64, fromBase64, toHex, fromHex: NodeMCU's
 * docs/modules/encoder.md), so lua/encoder.lua runs in CI without a NodeMCU
 * checkout. It leans on the same host surface as NodeMCU's encoder.c: lmem.h
 * (luaM_malloc, luaM_realloc_, luaN_freearray) and a byte lookup table whose
 * "invalid" mark is compared with the char constant '\xff', which only
 * matches where char is unsigned (the ESP32, and the host with
 * -funsigned-char): signed, '\xff' is -1 and every byte passes as valid.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "module.h"
#include "lauxlib.h"
#include "lmem.h"

#define NOT_BASE64 '\xff'
static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

typedef uint8_t *(*transform_fn)(lua_State *L, const uint8_t *in, size_t *len);

static uint8_t *to_base64(lua_State *L, const uint8_t *in, size_t *len) {
  size_t n = *len, cap = (n + 2) / 3 * 4;
  uint8_t *out = (uint8_t *)luaM_malloc(L, cap), *q = out;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t w = (uint32_t)in[i] << 16;
    if (i + 1 < n)
      w |= (uint32_t)in[i + 1] << 8;
    if (i + 2 < n)
      w |= in[i + 2];
    *q++ = (uint8_t)alphabet[(w >> 18) & 63];
    *q++ = (uint8_t)alphabet[(w >> 12) & 63];
    *q++ = i + 1 < n ? (uint8_t)alphabet[(w >> 6) & 63] : '=';
    *q++ = i + 2 < n ? (uint8_t)alphabet[w & 63] : '=';
  }
  *len = (size_t)(q - out);
  return out;
}

static uint8_t *from_base64(lua_State *L, const uint8_t *in, size_t *len) {
  size_t n = *len;
  if (n % 4 != 0)
    luaL_error(L, "Invalid base64 string");
  uint8_t value[UCHAR_MAX + 1];
  memset(value, NOT_BASE64, sizeof value);
  for (int i = 0; i < 64; i++)
    value[(uint8_t)alphabet[i]] = (uint8_t)i;
  size_t pad = (n >= 1 && in[n - 1] == '=') + (n >= 2 && in[n - 2] == '=');
  for (size_t i = 0; i < n - pad; i++)
    if (value[in[i]] == NOT_BASE64) /* a byte (255) against a char: 255 or -1 */
      luaL_error(L, "Invalid base64 string");
  size_t cap = n / 4 * 3;
  uint8_t *out = (uint8_t *)luaM_malloc(L, cap), *q = out;
  for (size_t i = 0; i < n; i += 4) {
    uint32_t w = 0;
    for (size_t k = 0; k < 4; k++)
      w = (w << 6) | (in[i + k] == '=' ? 0u : (uint32_t)value[in[i + k]]);
    *q++ = (uint8_t)(w >> 16);
    *q++ = (uint8_t)(w >> 8);
    *q++ = (uint8_t)w;
  }
  size_t got = cap - pad;
  out = (uint8_t *)luaM_realloc_(L, out, cap, got); /* to the decoded length */
  *len = got;
  return out;
}

static uint8_t *to_hex(lua_State *L, const uint8_t *in, size_t *len) {
  static const char digits[] = "0123456789abcdef";
  size_t n = *len;
  uint8_t *out = (uint8_t *)luaM_malloc(L, 2 * n);
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = (uint8_t)digits[in[i] >> 4];
    out[2 * i + 1] = (uint8_t)digits[in[i] & 15];
  }
  *len = 2 * n;
  return out;
}

static int hex_digit(uint8_t c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static uint8_t *from_hex(lua_State *L, const uint8_t *in, size_t *len) {
  size_t n = *len;
  if (n % 2 != 0)
    luaL_error(L, "Invalid hex string");
  uint8_t *out = (uint8_t *)luaM_malloc(L, n / 2);
  for (size_t i = 0; i < n; i += 2) {
    int hi = hex_digit(in[i]), lo = hex_digit(in[i + 1]);
    if (hi < 0 || lo < 0) {
      luaN_freearray(L, out, n / 2); /* free before the error jumps */
      luaL_error(L, "Invalid hex string");
    }
    out[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  *len = n / 2;
  return out;
}

/* string in, string out; the empty string maps to itself */
static int transform(lua_State *L, transform_fn fn) {
  size_t len;
  const uint8_t *in = (const uint8_t *)luaL_checklstring(L, 1, &len);
  if (len == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  uint8_t *out = fn(L, in, &len);
  lua_pushlstring(L, (const char *)out, len);
  luaN_freearray(L, out, len);
  return 1;
}

static int encoder_toBase64(lua_State *L) { return transform(L, to_base64); }
static int encoder_fromBase64(lua_State *L) { return transform(L, from_base64); }
static int encoder_toHex(lua_State *L) { return transform(L, to_hex); }
static int encoder_fromHex(lua_State *L) { return transform(L, from_hex); }

LROT_BEGIN(encoder, NULL, 0)
  LROT_FUNCENTRY(toBase64, encoder_toBase64)
  LROT_FUNCENTRY(fromBase64, encoder_fromBase64)
  LROT_FUNCENTRY(toHex, encoder_toHex)
  LROT_FUNCENTRY(fromHex, encoder_fromHex)
LROT_END(encoder, NULL, 0)

NODEMCU_MODULE(ENCODER, "encoder", encoder, NULL);
