/*
 * NodeMCU's task queue API (components/task/include/task/task.h on
 * dev-esp32): the way other threads hand work to the Lua task.
 * Host implementation: host/platform/task.c.
 */
#ifndef _TASK_H_
#define _TASK_H_

#include <stdint.h>
#include <stdbool.h>

typedef enum {
  TASK_PRIORITY_LOW,
  TASK_PRIORITY_MEDIUM,
  TASK_PRIORITY_HIGH,
  TASK_PRIORITY_COUNT
} task_prio_t;

typedef uint32_t task_handle_t;
typedef intptr_t task_param_t;

/* Queues (handle, param) for the Lua task.  Safe from any thread, never
 * blocks; false when that priority's queue is full or the handle is not
 * one task_get_id returned.  A failed post loses the event. */
bool task_post(task_prio_t priority, task_handle_t handle, task_param_t param);

/* As task_post, but waits for a free slot instead of failing. */
bool task_post_block(task_prio_t priority, task_handle_t handle, task_param_t param);

/* For interrupt handlers on the target; on the host the same as task_post. */
bool task_post_isr(task_prio_t priority, task_handle_t handle, task_param_t param);

#define task_post_low(handle, param) task_post(TASK_PRIORITY_LOW, handle, param)
#define task_post_medium(handle, param) task_post(TASK_PRIORITY_MEDIUM, handle, param)
#define task_post_high(handle, param) task_post(TASK_PRIORITY_HIGH, handle, param)

#define task_post_isr_low(handle, param) task_post_isr(TASK_PRIORITY_LOW, handle, param)
#define task_post_isr_medium(handle, param) task_post_isr(TASK_PRIORITY_MEDIUM, handle, param)
#define task_post_isr_high(handle, param) task_post_isr(TASK_PRIORITY_HIGH, handle, param)

#define task_post_block_low(handle, param) task_post_block(TASK_PRIORITY_LOW, handle, param)
#define task_post_block_medium(handle, param) task_post_block(TASK_PRIORITY_MEDIUM, handle, param)
#define task_post_block_high(handle, param) task_post_block(TASK_PRIORITY_HIGH, handle, param)

/* Runs in the Lua task, one event at a time, highest priority first. */
typedef void (*task_callback_t)(task_param_t param, task_prio_t prio);

/* Registers a callback; the handle is what task_post takes. */
task_handle_t task_get_id(task_callback_t t);

/* Sets up the queues; the host runner calls it before loading modules. */
void task_init(void);

/* The target's endless pump.  The host runner uses its own loop (it must
 * stop when the script is done), so this one only returns when the runner
 * would exit. */
void task_pump_messages(void);

#endif
