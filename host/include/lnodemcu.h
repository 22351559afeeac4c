/*
 * ROM tables ("rotables") for the NodeMCU host platform.
 *
 * On the ESP32 a ROM table is a read-only Lua table that lives in flash and
 * the patched Lua core reads it directly.  Debian's Lua knows nothing of
 * that, so here a ROM table is a plain static array of (key, typed value)
 * entries, declared with the same LROT_* macros and argument shapes as
 * NodeMCU; the runner turns each one into a real Lua table on first use and
 * caches it (host/platform/rotable.c), so a metatable whose __index is
 * itself stays one table.
 */
#ifndef lnodemcu_h
#define lnodemcu_h

#include <lua.h> /* <> so that include_next in the wrapper works */
#include <stddef.h>

/* NodeMCU's limit for ROM table names and string keys.  Upstream's lookup
 * of a longer key finds nothing (5.1 checks this limit, 5.3 its short-string
 * limit); the host ignores such entries in both versions, with a warning. */
#define LUA_MAX_ROTABLE_NAME 32

#define LRO_STRKEY(k) k
/* Linker sections only matter on the target. The ESP32 object build
 * (test/esp32) compiles these headers for Xtensa and keeps NodeMCU's
 * .lua_<s> sections, so its objects are laid out as the firmware's. */
#ifdef __XTENSA__
#define LOCK_IN_SECTION(s) __attribute__((used, section(".lua_" #s)))
#else
#define LOCK_IN_SECTION(s)
#endif

typedef enum {
  HOST_RO_NIL,
  HOST_RO_FUNC,
  HOST_RO_LUDATA,
  HOST_RO_INT,   /* integer under 5.3 (NodeMCU stores LUA_TNUMINT) */
  HOST_RO_FLOAT, /* lua_Number */
  HOST_RO_TABLE  /* another ROM table */
} host_ro_type_t;

typedef struct {
  union {
    lua_CFunction f;
    void *p;
    lua_Integer i;
    lua_Number n;
    const ROTable *t;
  } u;
  host_ro_type_t type;
} host_ro_value_t;

struct ROTable_entry {
  const char *key; /* NULL ends the array */
  host_ro_value_t value;
};

struct ROTable {
  const ROTable *meta;     /* metatable (a ROM table) or NULL */
  unsigned char flags;     /* fast-tag mask; no meaning on the host */
  const ROTable_entry *entry;
  size_t count;            /* entries before the terminator */
};

#define LRO_FUNCVAL(v) {{.f = (v)}, HOST_RO_FUNC}
#define LRO_LUDATA(v) {{.p = (void *)(v)}, HOST_RO_LUDATA}
#define LRO_NILVAL {{.p = NULL}, HOST_RO_NIL}
#if LUA_VERSION_NUM >= 503
#define LRO_NUMVAL(v) {{.i = (v)}, HOST_RO_INT}
#define LRO_FLOATVAL(v) {{.n = (v)}, HOST_RO_FLOAT}
#else
/* 5.1 has one number type: NodeMCU stores every number as lua_Number. */
#define LRO_NUMVAL(v) {{.n = (v)}, HOST_RO_FLOAT}
#define LRO_FLOATVAL(v) LRO_NUMVAL(v)
#endif
#define LRO_INTVAL(v) LRO_NUMVAL(v)
#define LRO_ROVAL(v) {{.t = &(v##_ROTable)}, HOST_RO_TABLE}

#define LROT_MARKED 0

#define LROT_FUNCENTRY(n, f) {LRO_STRKEY(#n), LRO_FUNCVAL(f)},
#define LROT_LUDENTRY(n, x) {LRO_STRKEY(#n), LRO_LUDATA(x)},
#define LROT_NUMENTRY(n, x) {LRO_STRKEY(#n), LRO_NUMVAL(x)},
#define LROT_INTENTRY(n, x) LROT_NUMENTRY(n, x)
#define LROT_FLOATENTRY(n, x) {LRO_STRKEY(#n), LRO_FLOATVAL(x)},
#define LROT_TABENTRY(n, t) {LRO_STRKEY(#n), LRO_ROVAL(t)},

#define LROT_TABLE(rt) const ROTable rt##_ROTable
#define LROT_ENTRYREF(rt) (rt##_entries)
#define LROT_TABLEREF(rt) (&rt##_ROTable)
/* The forward declaration lets entries (e.g. __index) name their own table. */
#define LROT_BEGIN(rt, mt, f) \
  LROT_TABLE(rt);             \
  static ROTable_entry rt##_entries[] = {
#define LROT_ENTRIES_IN_SECTION(rt, s) \
  static ROTable_entry LOCK_IN_SECTION(s) rt##_entries[] = {
#define LROT_END(rt, mt, f)                                        \
  {NULL, LRO_NILVAL}                                               \
  }                                                                \
  ;                                                                \
  const ROTable rt##_ROTable = {                                   \
      (mt), (unsigned char)~(f), rt##_entries,                     \
      (sizeof(rt##_entries) / sizeof(ROTable_entry)) - 1};
#define LROT_BREAK(rt) };

/* Bit numbers of the fast-access metamethods, as in Lua 5.3's ltm.h. */
#define HOST_TM_INDEX 0
#define HOST_TM_NEWINDEX 1
#define HOST_TM_GC 2
#define HOST_TM_MODE 3
#define HOST_TM_LEN 4
#define HOST_TM_EQ 5
#define LROT_MASK(m) ((unsigned char)(1 << HOST_TM_##m))
#define LROT_MASK_EQ LROT_MASK(EQ)
#define LROT_MASK_GC LROT_MASK(GC)
#define LROT_MASK_INDEX LROT_MASK(INDEX)
#define LROT_MASK_LEN LROT_MASK(LEN)
#define LROT_MASK_MODE LROT_MASK(MODE)
#define LROT_MASK_NEWINDEX LROT_MASK(NEWINDEX)
#define LROT_MASK_GC_INDEX (LROT_MASK_GC | LROT_MASK_INDEX)

#endif
