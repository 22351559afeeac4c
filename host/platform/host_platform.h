/*
 * Private interfaces between the parts of the host platform (not NodeMCU
 * API: modules never include this).
 */
#ifndef HOST_PLATFORM_H
#define HOST_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "lua.h"
#include "task/task.h"

/* state.c: the main Lua state behind lua_getstate(). */
void host_set_state(lua_State *L);

/* modules.c: make every enabled NODEMCU_MODULE a global, then run the init
 * functions.  Returns 0, or 1 with an error message on the stack. */
int host_modules_open(lua_State *L);

/* task.c: the loop's side of the queue. */
bool host_task_dispatch_one(void);  /* runs one event; false if none */
typedef enum { HOST_WAKE_EVENT, HOST_WAKE_IDLE, HOST_WAKE_DEADLINE } host_wake_t;
/* Blocks until an event is queued (EVENT), nothing can produce one any more
 * (IDLE: runtime not held, no timer armed, queue empty) or the monotonic
 * deadline passes (DEADLINE; NULL = none). */
host_wake_t host_task_wait(const struct timespec *deadline, bool timers_armed);
void host_task_hold_adjust(int delta);

/* timers.c: one-shot and periodic deadlines, run by the loop thread only. */
typedef struct host_timer host_timer_t;
typedef void (*host_timer_fn)(host_timer_t *t);
struct host_timer {
  host_timer_fn fire;     /* called on the loop thread when due */
  uint64_t due_ms;        /* monotonic */
  uint32_t period_ms;     /* 0 = one-shot */
  bool armed;
  host_timer_t *next;     /* list of armed timers */
};
uint64_t host_now_ms(void);
void host_timer_arm(host_timer_t *t, uint32_t ms, bool repeat);
void host_timer_disarm(host_timer_t *t);
/* The earliest deadline of the armed timers; false if none is armed. */
bool host_timers_next_due(struct timespec *out);
void host_timers_run_due(void);

/* loop.c: pumps the queue until idle; returns when the script is done. */
void host_loop_run(lua_State *L);

/* pcallx.c: writes an error report where NodeMCU would print it. */
void host_report_error(lua_State *L, const char *msg);
/* pcallx.c: errors reported on stderr rather than to a script's own
 * node.setonerror handler; main() exits 1 if there were any. */
void host_note_unhandled_error(void);
unsigned host_unhandled_errors(void);
/* pcallx.c: for a message handler: the error object at index 1 as text
 * with debug.traceback's stack (when debug.traceback is there), pushed
 * on top and returned. */
const char *host_traceback(lua_State *L);

#endif
