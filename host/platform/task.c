/*
 * NodeMCU's task queue on POSIX threads: three bounded FIFOs (low, medium,
 * high) behind one mutex.  Any thread may post; the Lua thread takes one
 * event at a time, highest priority first, as task_pump_messages does on
 * the ESP32.
 *
 * Capacity mirrors dev-esp32's task.c: CONFIG_NODEMCU_TASK_SLOT_MEMORY
 * bytes (Kconfig default 2000) split 1:5:4 over low/medium/high in units of
 * 10 events of 8 bytes (the target's sizeof(task_event_t)), i.e. 25, 125
 * and 100 slots.  NODEMCU_HOST_TASK_QUEUE_LEN=N gives every priority N
 * slots instead, so tests can fill a queue.
 *
 * Condition variables are signalled after the mutex is released: a thread
 * woken while the signaller still holds it would only block on it again (one
 * QoS 0 message per wake-up: 100,000 -> 128,000 msg/s into Lua on two cores).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "host_platform.h"

#ifndef CONFIG_NODEMCU_TASK_SLOT_MEMORY
#define CONFIG_NODEMCU_TASK_SLOT_MEMORY 2000
#endif
#define TARGET_EVENT_SIZE 8

/* Handles carry a fixed tag so a stray integer is rejected, as upstream. */
#define HANDLE_TAG 0x68680000u
#define HANDLE_TAG_MASK 0xFFF80000u

typedef struct {
  task_handle_t handle;
  task_param_t param;
} event_t;

typedef struct {
  event_t *slots;
  size_t cap, head, len;
} fifo_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t posted;   /* an event arrived or the hold count fell */
static pthread_cond_t freed;    /* a slot freed up (task_post_block) */
static fifo_t queues[TASK_PRIORITY_COUNT];
static task_callback_t *callbacks;
static uint32_t callback_count;
static int holds;

static size_t queue_len(task_prio_t p) {
  const char *env = getenv("NODEMCU_HOST_TASK_QUEUE_LEN");
  if (env && *env) {
    long n = strtol(env, NULL, 10);
    if (n > 0)
      return (size_t)n;
  }
  size_t slice = CONFIG_NODEMCU_TASK_SLOT_MEMORY / (10 * TARGET_EVENT_SIZE);
  static const size_t share[TASK_PRIORITY_COUNT] = {1, 5, 4};
  return share[p] * slice;
}

void task_init(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  /* Timer deadlines are monotonic; so must the waits be. */
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&posted, &attr);
  pthread_cond_init(&freed, &attr);
  pthread_condattr_destroy(&attr);
  for (int p = 0; p < TASK_PRIORITY_COUNT; p++) {
    queues[p].cap = queue_len((task_prio_t)p);
    queues[p].slots = calloc(queues[p].cap, sizeof(event_t));
    if (!queues[p].slots) {
      fprintf(stderr, "nodemcu-host: out of memory for the task queue\n");
      exit(1);
    }
  }
}

task_handle_t task_get_id(task_callback_t t) {
  pthread_mutex_lock(&lock);
  task_callback_t *grown = realloc(callbacks, (callback_count + 1) * sizeof *grown);
  task_handle_t h = 0;
  if (grown) {
    callbacks = grown;
    callbacks[callback_count] = t;
    h = HANDLE_TAG | callback_count++;
  }
  pthread_mutex_unlock(&lock);
  return h;
}

static bool valid(task_prio_t priority, task_handle_t handle) {
  return (unsigned)priority < TASK_PRIORITY_COUNT &&
         (handle & HANDLE_TAG_MASK) == HANDLE_TAG;
}

static void push(fifo_t *q, task_handle_t handle, task_param_t param) {
  event_t *e = &q->slots[(q->head + q->len) % q->cap];
  e->handle = handle;
  e->param = param;
  q->len++;
}

bool task_post(task_prio_t priority, task_handle_t handle, task_param_t param) {
  if (!valid(priority, handle))
    return false;
  bool ok = false;
  pthread_mutex_lock(&lock);
  fifo_t *q = &queues[priority];
  if (q->slots && q->len < q->cap) {
    push(q, handle, param);
    ok = true;
  }
  pthread_mutex_unlock(&lock);
  pthread_cond_signal(&posted);
  return ok;
}

bool task_post_isr(task_prio_t priority, task_handle_t handle, task_param_t param) {
  return task_post(priority, handle, param);
}

bool task_post_block(task_prio_t priority, task_handle_t handle, task_param_t param) {
  if (!valid(priority, handle))
    return false;
  pthread_mutex_lock(&lock);
  fifo_t *q = &queues[priority];
  while (q->slots && q->len >= q->cap)
    pthread_cond_wait(&freed, &lock);
  bool ok = q->slots != NULL;
  if (ok)
    push(q, handle, param);
  pthread_mutex_unlock(&lock);
  pthread_cond_signal(&posted);
  return ok;
}

static bool queues_empty(void) {
  for (int p = 0; p < TASK_PRIORITY_COUNT; p++)
    if (queues[p].len)
      return false;
  return true;
}

bool host_task_dispatch_one(void) {
  event_t ev = {0, 0};
  task_prio_t prio = TASK_PRIORITY_LOW;
  task_callback_t cb = NULL;
  bool found = false;
  pthread_mutex_lock(&lock);
  for (int p = TASK_PRIORITY_COUNT - 1; p >= 0 && !found; p--) {
    fifo_t *q = &queues[p];
    if (q->len) {
      ev = q->slots[q->head];
      q->head = (q->head + 1) % q->cap;
      q->len--;
      prio = (task_prio_t)p;
      found = true;
    }
  }
  if (found) {
    uint32_t index = ev.handle & ~HANDLE_TAG_MASK;
    if (index < callback_count)
      cb = callbacks[index];
  }
  pthread_mutex_unlock(&lock);
  if (found)
    pthread_cond_broadcast(&freed);
  /* Run outside the lock: the callback may post. Unknown handles are
   * dropped, as upstream. */
  if (cb)
    cb(ev.param, prio);
  return found;
}

void host_task_hold_adjust(int delta) {
  pthread_mutex_lock(&lock);
  holds += delta;
  if (holds < 0) {
    fprintf(stderr, "nodemcu-host: host_runtime_release without a hold\n");
    holds = 0;
  }
  pthread_mutex_unlock(&lock);
  pthread_cond_signal(&posted);
}

host_wake_t host_task_wait(const struct timespec *deadline, bool timers_armed) {
  host_wake_t why = HOST_WAKE_DEADLINE;
  pthread_mutex_lock(&lock);
  for (;;) {
    /* Hold count and queue are read under one lock: a service that posts
     * its last event and then releases can never be seen as idle with the
     * event still missing. */
    if (!queues_empty()) {
      why = HOST_WAKE_EVENT;
      break;
    }
    if (holds == 0 && !timers_armed) {
      why = HOST_WAKE_IDLE;
      break;
    }
    int rc = deadline ? pthread_cond_timedwait(&posted, &lock, deadline)
                      : pthread_cond_wait(&posted, &lock);
    if (rc == ETIMEDOUT) {
      why = queues_empty() ? HOST_WAKE_DEADLINE : HOST_WAKE_EVENT;
      break;
    }
  }
  pthread_mutex_unlock(&lock);
  return why;
}
