/*
 * Host build of ESP-IDF's esp_event.h. The host has no default event loop:
 * esp-mqtt's events reach handlers through esp_mqtt_client_register_event()
 * only, so this header provides the types (from esp_event_base.h) that
 * mqtt_client.h needs and nothing that would pretend to be a loop.
 */
#ifndef HOST_ESP_EVENT_H
#define HOST_ESP_EVENT_H

#include "esp_err.h"
#include "esp_event_base.h"

#endif
