/*
 * The part of NodeMCU's node module that scripts for nodemcu-host use:
 * node.heap(), node.uptime(), node.setonerror(), node.task.post().
 * There is no chip to restart: the default onerror writes the report to
 * stderr instead of printing it and rebooting two seconds later, and
 * counts it, so the runner exits 1 at the end (a script's own handler
 * takes the error over: nothing is counted).
 */
#include <stdio.h>
#include "module.h"
#include "lauxlib.h"
#include "task/task.h"
#include "host_platform.h"

/* Reported free heap: a nominal 4 MiB minus what Lua holds, so scripts
 * that compare node.heap() with a threshold see memory shrink as on a
 * device. */
#define NOMINAL_HEAP (4u * 1024u * 1024u)

static uint64_t start_us;

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int node_heap(lua_State *L) {
  unsigned used = (unsigned)lua_gc(L, LUA_GCCOUNT, 0) * 1024u + (unsigned)lua_gc(L, LUA_GCCOUNTB, 0);
  lua_pushinteger(L, used < NOMINAL_HEAP ? (lua_Integer)(NOMINAL_HEAP - used) : 0);
  return 1;
}

/* Microseconds since start, split as NodeMCU does for float builds:
 * low 53 bits as a number, the rest as an integer. */
static int node_uptime(lua_State *L) {
  uint64_t us = now_us() - start_us;
  lua_pushnumber(L, (lua_Number)(us & 0x1FFFFFFFFFFFFFull));
  lua_pushinteger(L, (lua_Integer)(us >> 53));
  return 2;
}

static int default_onerror(lua_State *L) {
  host_note_unhandled_error();
  fprintf(stderr, "%s\n", luaL_optstring(L, 1, "(no message)"));
  fflush(stderr);
  return 0;
}

/* node.setonerror([fn]): fn(message) receives every callback error. */
static int node_setonerror(lua_State *L) {
  lua_settop(L, 1);
  if (!lua_isfunction(L, 1)) {
    lua_pop(L, 1);
    lua_pushcfunction(L, default_onerror);
  }
  lua_setfield(L, LUA_REGISTRYINDEX, "onerror");
  return 0;
}

/* node.task.post([prio,] fn): fn(prio) runs later in the Lua task. */
static int node_task_post(lua_State *L) {
  int n = 1;
  lua_Integer prio = TASK_PRIORITY_MEDIUM;
  if (lua_type(L, 1) == LUA_TNUMBER) {
    prio = luaL_checkinteger(L, 1);
    luaL_argcheck(L, prio >= 0 && prio <= TASK_PRIORITY_HIGH, 1, "invalid  priority");
    n = 2;
  }
  luaL_argcheck(L, lua_type(L, n) == LUA_TFUNCTION, n, "invalid function");
  lua_pushvalue(L, n);
  luaL_posttask(L, (int)prio);
  return 0;
}

LROT_BEGIN(node_task_map, NULL, 0)
  LROT_FUNCENTRY(post, node_task_post)
  LROT_NUMENTRY(LOW_PRIORITY, TASK_PRIORITY_LOW)
  LROT_NUMENTRY(MEDIUM_PRIORITY, TASK_PRIORITY_MEDIUM)
  LROT_NUMENTRY(HIGH_PRIORITY, TASK_PRIORITY_HIGH)
LROT_END(node_task_map, NULL, 0)

LROT_BEGIN(node, NULL, 0)
  LROT_FUNCENTRY(heap, node_heap)
  LROT_FUNCENTRY(setonerror, node_setonerror)
  LROT_TABENTRY(task, node_task_map)
  LROT_FUNCENTRY(uptime, node_uptime)
LROT_END(node, NULL, 0)

static int node_open(lua_State *L) {
  start_us = now_us();
  lua_settop(L, 0);
  return node_setonerror(L);
}

NODEMCU_MODULE(NODE, "node", node, node_open);
