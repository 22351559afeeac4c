/*
 * Logging of the host esp-mqtt port: host_mqtt_log() writes to stderr when
 * HOST_MQTT_DEBUG is set in the environment, and nothing otherwise;
 * host_mqtt_error() always writes one of esp-mqtt's own error lines (the port
 * is also built without the platform's esp_log, test/host/esp-mqtt).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "mqtt_host_internal.h"

void host_mqtt_log(const char *fmt, ...)
{
    static int enabled = -1;
    if (enabled < 0) {
        enabled = getenv("HOST_MQTT_DEBUG") != NULL;
    }
    if (!enabled) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fputs("esp-mqtt (host): ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void host_mqtt_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("E mqtt_client: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void host_mqtt_esp_log(char level, const char *tag, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%c %s: ", level, tag);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
