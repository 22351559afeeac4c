/*
 * Hooks between host-side services (the esp-mqtt port) and the
 * nodemcu-host main loop. Not part of NodeMCU's API: only host code uses it.
 *
 * The runner keeps pumping the Lua task queue while anything holds the
 * runtime (a started MQTT client), a tmr timer is armed (the loop checks
 * those itself; they take no hold) or events are queued; when none of
 * these is left, the script is done.
 */
#ifndef HOST_RUNTIME_H
#define HOST_RUNTIME_H

/* Something that may still post events to the Lua task has started. */
void host_runtime_hold(void);

/* ... and has stopped: it will post nothing more. */
void host_runtime_release(void);

#endif
