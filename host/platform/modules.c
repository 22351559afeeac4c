/*
 * The module registry: NODEMCU_MODULE's constructors add descriptors here
 * before main() runs; the runner opens the enabled ones as NodeMCU's
 * luaL_openlibs does: module tables are reachable as globals through _G's
 * metatable (NodeMCU's _G falls back to its ROM table index the same way,
 * so `rawget(_G, "tmr")` is nil and `tmr = nil` only hides the module
 * until the global is gone again), then init(name) runs for each module
 * that has one.
 */
#include <string.h>
#include <stdlib.h>
#include "lauxlib.h"
#include "module.h"
#include "host_platform.h"

static host_module_t *modules;

/* Pushes the globals table: 5.1 has a pseudo-index, 5.3 a registry slot. */
#if LUA_VERSION_NUM == 501
#define push_globals(L) lua_pushvalue(L, LUA_GLOBALSINDEX)
#else
#define push_globals(L) lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS)
#endif

/* Keep the list sorted by name so start-up order does not depend on link
 * order. */
void host_module_register(host_module_t *m) {
  host_module_t **at = &modules;
  while (*at && strcmp((*at)->name, m->name) < 0)
    at = &(*at)->next;
  m->next = *at;
  *at = m;
}

static bool enabled(const host_module_t *m) {
  /* An undefined Kconfig symbol stringifies to its own name. */
  return strcmp(m->cfg_value, m->cfg_name) != 0 && strcmp(m->cfg_value, "0") != 0;
}

static int traceback(lua_State *L) {
  host_traceback(L);
  return 1;
}

int host_modules_open(lua_State *L) {
  lua_newtable(L); /* name -> module table */
  for (host_module_t *m = modules; m; m = m->next) {
    if (!enabled(m))
      continue;
    if (m->next && enabled(m->next) && strcmp(m->name, m->next->name) == 0) {
      lua_pushfstring(L, "two modules are both named '%s'", m->name);
      return 1;
    }
    lua_pushrotable(L, m->map);
    lua_setfield(L, -2, m->name);
  }
  lua_createtable(L, 0, 1); /* _G's metatable */
  lua_insert(L, -2);
  lua_setfield(L, -2, "__index");
  push_globals(L);
  lua_insert(L, -2);
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
  for (host_module_t *m = modules; m; m = m->next) {
    if (!enabled(m) || !m->init)
      continue;
    lua_pushcfunction(L, traceback);
    lua_pushcfunction(L, m->init);
    lua_pushstring(L, m->name);
    if (lua_pcall(L, 1, 0, -3) != 0) {
      lua_pushfstring(L, "init of module '%s' failed: %s", m->name, lua_tostring(L, -1));
      return 1;
    }
    lua_settop(L, 0); /* init functions may leave values (luaL_rometatable) */
  }
  return 0;
}
