/*
 * The module registry: NODEMCU_MODULE's constructors add descriptors here
 * before main() runs; the runner opens the enabled ones as NodeMCU's
 * luaL_openlibs does (module table reachable as a global, then
 * init(name) called for each module that has one).
 */
#include <string.h>
#include <stdlib.h>
#include "lauxlib.h"
#include "module.h"
#include "host_platform.h"

static host_module_t *modules;

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
  const char *msg = lua_tostring(L, 1);
  lua_getglobal(L, "debug");
  lua_getfield(L, -1, "traceback");
  lua_pushstring(L, msg ? msg : "(error object is not a string)");
  lua_pushinteger(L, 2);
  lua_call(L, 2, 1);
  return 1;
}

int host_modules_open(lua_State *L) {
  for (host_module_t *m = modules; m; m = m->next) {
    if (!enabled(m))
      continue;
    if (m->next && enabled(m->next) && strcmp(m->name, m->next->name) == 0) {
      lua_pushfstring(L, "two modules are both named '%s'", m->name);
      return 1;
    }
    lua_pushrotable(L, m->map);
    lua_setglobal(L, m->name);
  }
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
