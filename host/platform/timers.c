/*
 * Deadlines for the tmr module.  On the ESP32 FreeRTOS timers fire in the
 * timer task and post to the Lua task; here the loop thread checks the
 * armed list between events and calls each due timer's fire function,
 * which posts likewise.  Only the loop thread touches the list.
 */
#include "host_platform.h"

static host_timer_t *armed_list;

uint64_t host_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void unlink_timer(host_timer_t *t) {
  for (host_timer_t **at = &armed_list; *at; at = &(*at)->next) {
    if (*at == t) {
      *at = t->next;
      break;
    }
  }
  t->next = NULL;
}

void host_timer_arm(host_timer_t *t, uint32_t ms, bool repeat) {
  if (t->armed)
    unlink_timer(t);
  t->due_ms = host_now_ms() + ms;
  t->period_ms = repeat ? ms : 0;
  t->armed = true;
  t->next = armed_list;
  armed_list = t;
}

void host_timer_disarm(host_timer_t *t) {
  if (t->armed)
    unlink_timer(t);
  t->armed = false;
}

bool host_timers_next_due(struct timespec *out) {
  if (!armed_list)
    return false;
  uint64_t due = armed_list->due_ms;
  for (host_timer_t *t = armed_list->next; t; t = t->next)
    if (t->due_ms < due)
      due = t->due_ms;
  out->tv_sec = (time_t)(due / 1000u);
  out->tv_nsec = (long)(due % 1000u) * 1000000L;
  return true;
}

void host_timers_run_due(void) {
  uint64_t now = host_now_ms();
  /* Fire at most one round per call; a fire function may arm or disarm any
   * timer, so restart the scan after each one. */
  bool again = true;
  while (again) {
    again = false;
    for (host_timer_t *t = armed_list; t; t = t->next) {
      if (t->due_ms > now)
        continue;
      if (t->period_ms) {
        /* Keep the period's phase, but never queue a backlog of ticks. */
        t->due_ms += t->period_ms;
        if (t->due_ms <= now)
          t->due_ms = now + t->period_ms;
      } else {
        host_timer_disarm(t);
      }
      t->fire(t);
      again = true;
      break;
    }
  }
}
