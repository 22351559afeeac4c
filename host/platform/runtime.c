/* host_runtime_hold/release (host/include/host_runtime.h): services that
 * may still post events (an MQTT client) keep the runner alive. */
#include "host_runtime.h"
#include "host_platform.h"

void host_runtime_hold(void) {
  host_task_hold_adjust(+1);
}

void host_runtime_release(void) {
  host_task_hold_adjust(-1);
}
