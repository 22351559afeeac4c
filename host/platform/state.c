/* lua_getstate(): NodeMCU keeps one main Lua state; modules fetch it from
 * task callbacks, which get no lua_State argument. */
#include "host_platform.h"

static lua_State *main_state;

void host_set_state(lua_State *L) {
  main_state = L;
}

LUA_API lua_State *lua_getstate(void) {
  return main_state;
}
