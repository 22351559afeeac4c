/*
 * Module registration for the NodeMCU host platform.
 *
 * NODEMCU_MODULE(CFG, "name", map, initfn) has NodeMCU's shape.  On the
 * target it drops two ROTable entries into linker sections; here it defines
 * a descriptor and a constructor that adds it to the module registry
 * (host/platform/modules.c) before main() runs.  Whether the module is
 * enabled follows Kconfig as on the target: CONFIG_NODEMCU_CMODULE_<CFG>
 * must be defined (the runner's generated sdkconfig.h does that).
 */
#ifndef __MODULE_H__
#define __MODULE_H__

#include "lnodemcu.h"

#define MODULE_EXPAND_(x) x
#define MODULE_PASTE_(x, y) x##y
#define MODULE_EXPAND_PASTE_(x, y) MODULE_PASTE_(x, y)
#define MODULE_STR_(x) #x
#define MODULE_XSTR_(x) MODULE_STR_(x)

typedef struct host_module {
  const char *name;         /* Lua global name */
  const ROTable *map;       /* the module table */
  lua_CFunction init;       /* run once at start, may be NULL */
  const char *cfg_name;     /* "CONFIG_NODEMCU_CMODULE_<CFG>" */
  const char *cfg_value;    /* that symbol after expansion */
  struct host_module *next;
} host_module_t;

void host_module_register(host_module_t *m);

#ifdef __XTENSA__
/* The ESP32 object build (test/esp32): no constructor and no host registry,
 * but NodeMCU's own scheme, two const entries the firmware's linker script
 * gathers: "name" -> init function in .lua_libs and "name" -> module table in
 * .lua_rotable. The second one's symbol ends in the Kconfig symbol's
 * expansion (<CFG>_module_selected1 when enabled), which is what the
 * firmware build looks for with nm to decide what to link. */
#define NODEMCU_MODULE(cfgname, luaname, map, initfunc)                      \
  ROTable_entry LOCK_IN_SECTION(libs)                                        \
      MODULE_PASTE_(lua_lib_, cfgname) = {luaname, LRO_FUNCVAL(initfunc)};   \
  ROTable_entry LOCK_IN_SECTION(rotable) MODULE_EXPAND_PASTE_(               \
      MODULE_PASTE_(cfgname, _module_selected),                              \
      MODULE_PASTE_(CONFIG_NODEMCU_CMODULE_, cfgname)) = {luaname, LRO_ROVAL(map)}
#else
/* cfg_value is the Kconfig symbol expanded and stringified: "1" when the
 * module is enabled, the symbol's own name when it is not defined.  The
 * trailing typedef only swallows the ';' the caller writes after it. */
#define NODEMCU_MODULE(cfgname, luaname, map, initfunc)                     \
  static host_module_t MODULE_PASTE_(host_module_, cfgname) = {             \
      luaname, LROT_TABLEREF(map), initfunc,                                \
      "CONFIG_NODEMCU_CMODULE_" #cfgname,                                   \
      MODULE_XSTR_(MODULE_PASTE_(CONFIG_NODEMCU_CMODULE_, cfgname)), NULL}; \
  __attribute__((constructor)) static void MODULE_PASTE_(                   \
      host_module_ctor_, cfgname)(void) {                                   \
    host_module_register(&MODULE_PASTE_(host_module_, cfgname));            \
  }                                                                         \
  typedef int MODULE_PASTE_(host_module_end_, cfgname)
#endif

#endif
