/*
 * ESP-IDF's logging macros (components/log/include/esp_log.h, v5.1.3) for
 * the host: same names, tag + printf format (checked by gcc), output
 * "E (ms) tag: message" on stderr.  As in IDF, levels above
 * LOG_LOCAL_LEVEL (default CONFIG_LOG_MAXIMUM_LEVEL, i.e. INFO) compile to
 * nothing, arguments included; the rest are filtered at run time by
 * esp_log_level_set() (start value: CONFIG_LOG_DEFAULT_LEVEL, or the env
 * variable NODEMCU_HOST_LOG_LEVEL = 0..5).
 */
#ifndef __ESP_LOG_H__
#define __ESP_LOG_H__

#include <stdarg.h>
#include <stdint.h>
#if defined(__has_include)
#if __has_include("sdkconfig.h")
#include "sdkconfig.h"
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  ESP_LOG_NONE,
  ESP_LOG_ERROR,
  ESP_LOG_WARN,
  ESP_LOG_INFO,
  ESP_LOG_DEBUG,
  ESP_LOG_VERBOSE
} esp_log_level_t;

typedef int (*vprintf_like_t)(const char *, va_list);

void esp_log_level_set(const char *tag, esp_log_level_t level);
esp_log_level_t esp_log_level_get(const char *tag);
vprintf_like_t esp_log_set_vprintf(vprintf_like_t func);
uint32_t esp_log_timestamp(void);
void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
void esp_log_writev(esp_log_level_t level, const char *tag, const char *format, va_list args);

#ifndef CONFIG_LOG_DEFAULT_LEVEL
#define CONFIG_LOG_DEFAULT_LEVEL 3
#endif
#ifndef CONFIG_LOG_MAXIMUM_LEVEL
#define CONFIG_LOG_MAXIMUM_LEVEL CONFIG_LOG_DEFAULT_LEVEL
#endif
#ifndef LOG_LOCAL_LEVEL
#define LOG_LOCAL_LEVEL CONFIG_LOG_MAXIMUM_LEVEL
#endif

#define LOG_FORMAT(letter, format) #letter " (%u) %s: " format "\n"

/* The level's letter, so one format-checked call serves every level. */
static inline char esp_log_letter_(esp_log_level_t level) {
  static const char letters[] = "NEWIDV";
  return (unsigned)level < sizeof letters - 1 ? letters[level] : '?';
}

#define ESP_LOG_LEVEL(level, tag, format, ...)                                  \
  esp_log_write(level, tag, "%c (%u) %s: " format "\n", esp_log_letter_(level), \
                (unsigned)esp_log_timestamp(), tag, ##__VA_ARGS__)

#define ESP_LOG_LEVEL_LOCAL(level, tag, format, ...)          \
  do {                                                        \
    if (LOG_LOCAL_LEVEL >= (level))                           \
      ESP_LOG_LEVEL(level, tag, format, ##__VA_ARGS__);       \
  } while (0)

#define ESP_LOGE(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_ERROR, tag, format, ##__VA_ARGS__)
#define ESP_LOGW(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_WARN, tag, format, ##__VA_ARGS__)
#define ESP_LOGI(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_INFO, tag, format, ##__VA_ARGS__)
#define ESP_LOGD(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_DEBUG, tag, format, ##__VA_ARGS__)
#define ESP_LOGV(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_VERBOSE, tag, format, ##__VA_ARGS__)

#define ESP_EARLY_LOGE ESP_LOGE
#define ESP_EARLY_LOGW ESP_LOGW
#define ESP_EARLY_LOGI ESP_LOGI
#define ESP_EARLY_LOGD ESP_LOGD
#define ESP_EARLY_LOGV ESP_LOGV

#ifdef __cplusplus
}
#endif

#endif
