/*
 * The tmr module for nodemcu-host, written as a NodeMCU module (ROM tables,
 * NODEMCU_MODULE, luaL_rometatable, task_post) with the semantics of
 * dev-esp32's tmr: tmr.create(), t:register/alarm/start/stop/unregister/
 * interval/state, tmr.ALARM_SINGLE/SEMI/AUTO.  Where FreeRTOS timers fire
 * in their own task, host timers fire in the loop (timers.c); both post the
 * expiry to the Lua task, which calls fn(timer).
 */
#include <stddef.h>
#include "module.h"
#include "lauxlib.h"
#include "lnodeaux.h"
#include "task/task.h"
#include "host_platform.h"

#define MODE_SINGLE 0
#define MODE_AUTO 1
#define MODE_SEMI 2
#define MODE_OFF 3
#define IDLE_FLAG (1 << 7)

/* The ESP8266 SDK limit NodeMCU keeps for compatibility. */
#define MAX_INTERVAL 6870947
#define MAX_INTERVAL_MSG "Range: 1-6870947"

#define TIMER_META "tmr.timer"

typedef struct {
  host_timer_t timer;   /* first: fire() gets a pointer to it */
  lua_ref_t cb_ref;
  lua_ref_t self_ref;   /* keeps a running timer alive */
  lua_ref_t pending_ref;/* keeps it alive while expiries sit in the queue */
  int pending;
  uint32_t interval;
  uint8_t mode;
} tmr_t;

static task_handle_t alarm_task;

static tmr_t *check_tmr(lua_State *L, int idx) {
  return (tmr_t *)luaL_checkudata(L, idx, TIMER_META);
}

/* Loop thread (= Lua thread): post the expiry like the FreeRTOS timer
 * callback does; a full queue loses the tick, as on the target. */
static void on_expiry(host_timer_t *ht) {
  tmr_t *t = (tmr_t *)ht;
  if (!task_post_high(alarm_task, (task_param_t)t))
    return;
  if (t->pending++ == 0 && t->self_ref != LUA_NOREF) {
    lua_State *L = lua_getstate();
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->self_ref);
    t->pending_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
}

static void alarm_task_fn(task_param_t param, task_prio_t prio) {
  (void)prio;
  tmr_t *t = (tmr_t *)param;
  lua_State *L = lua_getstate();
  bool call = t->cb_ref != LUA_NOREF && t->self_ref != LUA_NOREF;
  if (call) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->cb_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->self_ref);
    if (t->mode == MODE_SINGLE) {
      luaX_unset_ref(L, &t->cb_ref);
      t->mode = MODE_OFF;
    } else if (t->mode == MODE_SEMI) {
      t->mode |= IDLE_FLAG;
    }
    if (t->mode != MODE_AUTO)
      luaX_unset_ref(L, &t->self_ref);
  }
  /* The timer is on the stack now (or not needed): drop the queue's hold. */
  if (--t->pending == 0)
    luaX_unset_ref(L, &t->pending_ref);
  if (call)
    luaL_pcallx(L, 1, 0);
}

static uint32_t check_interval(lua_State *L, int idx) {
  lua_Integer ms = luaL_checkinteger(L, idx);
  luaL_argcheck(L, ms > 0 && ms <= MAX_INTERVAL, idx, MAX_INTERVAL_MSG);
  return (uint32_t)ms;
}

/* t:register(interval_ms, mode, fn) */
static int tmr_register(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  uint32_t interval = check_interval(L, 2);
  lua_Integer mode = luaL_checkinteger(L, 3);
  luaL_argcheck(L, mode == MODE_SINGLE || mode == MODE_SEMI || mode == MODE_AUTO, 3,
                "Invalid mode");
  luaL_checktype(L, 4, LUA_TFUNCTION);
  /* Re-registering replaces the timer: it ends up registered but idle. */
  host_timer_disarm(&t->timer);
  luaX_set_ref(L, 4, &t->cb_ref);
  t->mode = (uint8_t)mode | IDLE_FLAG;
  t->interval = interval;
  return 0;
}

/* t:start() -> true if started, false if it was already running */
static int tmr_start(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  if (t->self_ref == LUA_NOREF)
    luaX_set_ref(L, 1, &t->self_ref);
  if (t->cb_ref == LUA_NOREF)
    return luaL_error(L, "timer not registered");
  if (!(t->mode & IDLE_FLAG)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  t->mode &= (uint8_t)~IDLE_FLAG;
  host_timer_arm(&t->timer, t->interval, t->mode == MODE_AUTO);
  lua_pushboolean(L, 1);
  return 1;
}

/* t:alarm(interval_ms, mode, fn) = register + start */
static int tmr_alarm(lua_State *L) {
  tmr_register(L);
  return tmr_start(L);
}

/* t:stop() -> true if it was running */
static int tmr_stop(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  luaX_unset_ref(L, &t->self_ref);
  bool running = !(t->mode & IDLE_FLAG) && t->mode != MODE_OFF;
  if (running) {
    t->mode |= IDLE_FLAG;
    host_timer_disarm(&t->timer);
  }
  lua_pushboolean(L, running);
  return 1;
}

/* t:unregister(), also the __gc metamethod */
static int tmr_unregister(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  luaX_unset_ref(L, &t->self_ref);
  host_timer_disarm(&t->timer);
  luaX_unset_ref(L, &t->cb_ref);
  t->mode = MODE_OFF;
  return 0;
}

/* t:interval(ms): a running timer restarts with the new period now. */
static int tmr_interval(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  uint32_t interval = check_interval(L, 2);
  if (t->mode != MODE_OFF) {
    t->interval = interval;
    if (!(t->mode & IDLE_FLAG))
      host_timer_arm(&t->timer, interval, t->mode == MODE_AUTO);
  }
  return 0;
}

/* t:state() -> running, mode | nil when unregistered */
static int tmr_state(lua_State *L) {
  tmr_t *t = check_tmr(L, 1);
  if (t->mode == MODE_OFF) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushboolean(L, (t->mode & IDLE_FLAG) == 0);
  lua_pushinteger(L, t->mode & ~IDLE_FLAG);
  return 2;
}

static int tmr_create(lua_State *L) {
  tmr_t *t = (tmr_t *)lua_newuserdata(L, sizeof(tmr_t));
  luaL_getmetatable(L, TIMER_META);
  lua_setmetatable(L, -2);
  *t = (tmr_t){ .timer = { .fire = on_expiry }, .cb_ref = LUA_NOREF, .self_ref = LUA_NOREF,
                .pending_ref = LUA_NOREF, .mode = MODE_OFF };
  return 1;
}

/* Nothing to feed on the host. */
static int tmr_wdclr(lua_State *L) {
  (void)L;
  return 0;
}

LROT_BEGIN(tmr_timer, NULL, LROT_MASK_GC_INDEX)
  LROT_FUNCENTRY(__gc, tmr_unregister)
  LROT_TABENTRY(__index, tmr_timer)
  LROT_FUNCENTRY(register, tmr_register)
  LROT_FUNCENTRY(alarm, tmr_alarm)
  LROT_FUNCENTRY(start, tmr_start)
  LROT_FUNCENTRY(stop, tmr_stop)
  LROT_FUNCENTRY(unregister, tmr_unregister)
  LROT_FUNCENTRY(interval, tmr_interval)
  LROT_FUNCENTRY(state, tmr_state)
LROT_END(tmr_timer, NULL, LROT_MASK_GC_INDEX)

LROT_BEGIN(tmr, NULL, 0)
  LROT_FUNCENTRY(create, tmr_create)
  LROT_FUNCENTRY(wdclr, tmr_wdclr)
  LROT_NUMENTRY(ALARM_SINGLE, MODE_SINGLE)
  LROT_NUMENTRY(ALARM_SEMI, MODE_SEMI)
  LROT_NUMENTRY(ALARM_AUTO, MODE_AUTO)
LROT_END(tmr, NULL, 0)

static int tmr_open(lua_State *L) {
  luaL_rometatable(L, TIMER_META, LROT_TABLEREF(tmr_timer));
  alarm_task = task_get_id(alarm_task_fn);
  return 0;
}

NODEMCU_MODULE(TMR, "tmr", tmr, tmr_open);
