/*
 * Hooks between host-side services (the esp-mqtt port, timers) and the
 * nodemcu-host main loop. Not part of NodeMCU's API: only host code uses it.
 *
 * The runner keeps pumping the Lua task queue while anything holds the
 * runtime (a started MQTT client, an armed timer) or events are queued;
 * when nothing is held and the queue is empty, the script is done.
 */
#ifndef HOST_RUNTIME_H
#define HOST_RUNTIME_H

/* Something that may still post events to the Lua task has started. */
void host_runtime_hold(void);

/* ... and has stopped: it will post nothing more. */
void host_runtime_release(void);

#endif
