/*
 * luaL_pcallx and luaL_posttask with NodeMCU's semantics: an error in a
 * callback is turned into a traceback and reported from a separate
 * high-priority task (so the module that made the call carries on first),
 * through registry.onerror (node.setonerror) when set, else on stderr.
 * Errors that reach stderr (no handler, the default one, or a handler
 * that failed) are counted, so the runner can exit 1 at the end.
 */
#include <stdio.h>
#include <string.h>
#include "lauxlib.h"
#include "host_platform.h"

static task_handle_t posttask_handle;
static unsigned unhandled_errors;

void host_note_unhandled_error(void) {
  unhandled_errors++;
}

unsigned host_unhandled_errors(void) {
  return unhandled_errors;
}

void host_report_error(lua_State *L, const char *msg) {
  lua_getfield(L, LUA_REGISTRYINDEX, "onerror");
  if (lua_isfunction(L, -1)) {
    lua_pushstring(L, msg);
    /* No handler here: an erroring onerror must not report itself forever. */
    if (lua_pcall(L, 1, 0, 0) == 0)
      return;
    fprintf(stderr, "onerror failed: %s\n", lua_tostring(L, -1));
  }
  lua_pop(L, 1);
  host_note_unhandled_error();
  fprintf(stderr, "%s\n", msg);
  fflush(stderr);
}

/* The posted reporter: its upvalue is the traceback text. */
static int report_task(lua_State *L) {
  host_report_error(L, lua_tostring(L, lua_upvalueindex(1)));
  return 0;
}

static void do_task(task_param_t ref, task_prio_t prio) {
  lua_State *L = lua_getstate();
  lua_rawgeti(L, LUA_REGISTRYINDEX, (int)ref);
  luaL_unref(L, LUA_REGISTRYINDEX, (int)ref);
  if (!lua_isfunction(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  lua_pushinteger(L, prio);
  luaL_pcallx(L, 1, 0);
}

/* Pops the function on top and posts it; returns its registry ref, or
 * LUA_NOREF if the queue is full. */
static int post_function(lua_State *L, int prio) {
  if (!posttask_handle)
    posttask_handle = task_get_id(do_task);
  int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  if (task_post((task_prio_t)prio, posttask_handle, (task_param_t)ref))
    return ref;
  luaL_unref(L, LUA_REGISTRYINDEX, ref);
  return LUA_NOREF;
}

LUALIB_API int luaL_posttask(lua_State *L, int prio) {
  if (!lua_isfunction(L, -1) || prio < LUA_TASK_LOW || prio > LUA_TASK_HIGH)
    return luaL_error(L, "invalid post task");
  int ref = post_function(L, prio);
  if (ref == LUA_NOREF)
    return luaL_error(L, "Task queue overflow. Task not posted");
  return ref;
}

/* Reports msg later, or now if the queue has no room: an error must never
 * vanish (upstream would raise inside the handler instead). */
static void report_later(lua_State *L, const char *msg) {
  lua_pushstring(L, msg);
  lua_pushcclosure(L, report_task, 1);
  if (post_function(L, LUA_TASK_HIGH) == LUA_NOREF)
    host_report_error(L, msg);
}

const char *host_traceback(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (!msg)
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  lua_getglobal(L, "debug");
  if (lua_istable(L, -1)) {
    lua_getfield(L, -1, "traceback");
    if (lua_isfunction(L, -1)) {
      lua_pushstring(L, msg);
      lua_pushinteger(L, 2); /* skip the handler */
      lua_call(L, 2, 1);
      return lua_tostring(L, -1);
    }
  }
  lua_pushstring(L, msg);
  return lua_tostring(L, -1);
}

static int errhandler(lua_State *L) {
  report_later(L, host_traceback(L));
  return 0; /* the error object seen by the caller is nil, as upstream */
}

LUALIB_API int luaL_pcallx(lua_State *L, int narg, int nres) {
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, errhandler);
  lua_insert(L, base);
  int status = lua_pcall(L, narg, nres, base);
  lua_remove(L, base);
  if (status != 0 && status != LUA_ERRRUN)
    report_later(L, status == LUA_ERRMEM ? "out of memory" : "error in error handling");
  return status;
}
