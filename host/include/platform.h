/*
 * NodeMCU's platform.h declares the board's hardware layer (GPIO, UART,
 * ...).  The host has no hardware: the header exists so modules that
 * include it out of habit (mqtt.c does) compile unmodified.
 */
#ifndef HOST_NODEMCU_PLATFORM_H
#define HOST_NODEMCU_PLATFORM_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#endif
