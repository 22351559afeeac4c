/*
 * The runner's main loop: NodeMCU's task_pump_messages, except that it
 * ends when nothing can produce another event.
 */
#include "lauxlib.h"
#include "host_platform.h"

void host_loop_run(lua_State *L) {
  for (;;) {
    host_timers_run_due();
    int top = lua_gettop(L);
    if (host_task_dispatch_one()) {
      /* Callbacks that leave values behind (luaL_pcallx leaves its error
       * object) would otherwise grow the main stack past its guaranteed
       * size over a long run. */
      lua_settop(L, top);
      continue;
    }
    struct timespec due;
    bool armed = host_timers_next_due(&due); /* false iff no timer is armed */
    if (host_task_wait(armed ? &due : NULL, armed) == HOST_WAKE_IDLE)
      return;
  }
}

void task_pump_messages(void) {
  host_loop_run(lua_getstate());
}
