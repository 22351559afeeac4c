/*
 * Host build of ESP-IDF's esp_err.h (v5.1.3 names and values).
 * Only the codes that the esp-mqtt port and NodeMCU modules use are listed;
 * esp_err_to_name() knows all of them.
 */
#ifndef HOST_ESP_ERR_H
#define HOST_ESP_ERR_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int esp_err_t;

#define ESP_OK                   0
#define ESP_FAIL                 -1

#define ESP_ERR_NO_MEM           0x101
#define ESP_ERR_INVALID_ARG      0x102
#define ESP_ERR_INVALID_STATE    0x103
#define ESP_ERR_INVALID_SIZE     0x104
#define ESP_ERR_NOT_FOUND        0x105
#define ESP_ERR_NOT_SUPPORTED    0x106
#define ESP_ERR_TIMEOUT          0x107
#define ESP_ERR_INVALID_RESPONSE 0x108
#define ESP_ERR_INVALID_CRC      0x109
#define ESP_ERR_INVALID_VERSION  0x10A
#define ESP_ERR_INVALID_MAC      0x10B
#define ESP_ERR_NOT_FINISHED     0x10C

#define ESP_ERR_WIFI_BASE        0x3000
#define ESP_ERR_MESH_BASE        0x4000
#define ESP_ERR_FLASH_BASE       0x6000
#define ESP_ERR_HW_CRYPTO_BASE   0xc000
#define ESP_ERR_MEMPROT_BASE     0xd000

/* Name of a code ("ESP_ERR_NO_MEM"), or "UNKNOWN ERROR" as IDF prints. */
const char *esp_err_to_name(esp_err_t code);

/* Like esp_err_to_name(), falling back to strerror() for errno values. */
const char *esp_err_to_name_r(esp_err_t code, char *buf, size_t buflen);

#define ESP_ERROR_CHECK(x) do {                                              \
        esp_err_t err_rc_ = (x);                                             \
        if (err_rc_ != ESP_OK) {                                             \
            fprintf(stderr, "ESP_ERROR_CHECK failed: esp_err_t 0x%x (%s) at %s:%d: %s\n", \
                    err_rc_, esp_err_to_name(err_rc_), __FILE__, __LINE__, #x); \
            abort();                                                         \
        }                                                                    \
    } while (0)

#define ESP_ERROR_CHECK_WITHOUT_ABORT(x) ({                                  \
        esp_err_t err_rc_ = (x);                                             \
        if (err_rc_ != ESP_OK) {                                             \
            fprintf(stderr, "ESP_ERROR_CHECK_WITHOUT_ABORT failed: esp_err_t 0x%x (%s) at %s:%d: %s\n", \
                    err_rc_, esp_err_to_name(err_rc_), __FILE__, __LINE__, #x); \
        }                                                                    \
        err_rc_;                                                             \
    })

#ifdef __cplusplus
}
#endif

#endif
