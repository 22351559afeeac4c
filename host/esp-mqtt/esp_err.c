/* esp_err_to_name() for the codes the host headers define. */
#include <string.h>
#include "esp_err.h"

struct esp_err_name {
    esp_err_t code;
    const char *name;
};

#define ERR_NAME(code) { code, #code }

static const struct esp_err_name s_names[] = {
    ERR_NAME(ESP_OK),
    ERR_NAME(ESP_FAIL),
    ERR_NAME(ESP_ERR_NO_MEM),
    ERR_NAME(ESP_ERR_INVALID_ARG),
    ERR_NAME(ESP_ERR_INVALID_STATE),
    ERR_NAME(ESP_ERR_INVALID_SIZE),
    ERR_NAME(ESP_ERR_NOT_FOUND),
    ERR_NAME(ESP_ERR_NOT_SUPPORTED),
    ERR_NAME(ESP_ERR_TIMEOUT),
    ERR_NAME(ESP_ERR_INVALID_RESPONSE),
    ERR_NAME(ESP_ERR_INVALID_CRC),
    ERR_NAME(ESP_ERR_INVALID_VERSION),
    ERR_NAME(ESP_ERR_INVALID_MAC),
    ERR_NAME(ESP_ERR_NOT_FINISHED),
};

const char *esp_err_to_name(esp_err_t code)
{
    for (size_t i = 0; i < sizeof(s_names) / sizeof(s_names[0]); i++) {
        if (s_names[i].code == code) {
            return s_names[i].name;
        }
    }
    return "UNKNOWN ERROR";
}

const char *esp_err_to_name_r(esp_err_t code, char *buf, size_t buflen)
{
    if (buf == NULL || buflen == 0) {
        return NULL;
    }
    const char *name = esp_err_to_name(code);
    if (strcmp(name, "UNKNOWN ERROR") == 0 && code > 0) {
        /* IDF falls back to the C library's message for errno values. */
        snprintf(buf, buflen, "%s", strerror(code));
        return buf;
    }
    strncpy(buf, name, buflen - 1);
    buf[buflen - 1] = '\0';
    return buf;
}
