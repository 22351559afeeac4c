/* esp_log.h on the host: one line per message on stderr, written with a
 * single call so lines from different threads do not interleave. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "esp_log.h"
#include "host_platform.h"

#define MAX_TAG_LEVELS 32

typedef struct {
  char tag[32];
  esp_log_level_t level;
} tag_level_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static tag_level_t tag_levels[MAX_TAG_LEVELS];
static int tag_count;
static int default_level = -1; /* taken from the environment on first use */
static vprintf_like_t writer;
static uint64_t start_ms;

/* Timestamps count from program start, like IDF's from boot. */
__attribute__((constructor)) static void note_start(void) {
  start_ms = host_now_ms();
}

static int to_stderr(const char *fmt, va_list ap) {
  char line[1024];
  int n = vsnprintf(line, sizeof line, fmt, ap);
  fputs(line, stderr);
  if (n >= (int)sizeof line)
    fputs("...\n", stderr);
  return n;
}

static esp_log_level_t level_for(const char *tag) {
  if (default_level < 0) {
    const char *env = getenv("NODEMCU_HOST_LOG_LEVEL");
    default_level = (env && *env) ? atoi(env) : CONFIG_LOG_DEFAULT_LEVEL;
  }
  for (int i = 0; i < tag_count; i++)
    if (strcmp(tag_levels[i].tag, tag) == 0)
      return tag_levels[i].level;
  return (esp_log_level_t)default_level;
}

void esp_log_level_set(const char *tag, esp_log_level_t level) {
  pthread_mutex_lock(&lock);
  if (strcmp(tag, "*") == 0) {
    default_level = (int)level;
    tag_count = 0;
  } else {
    int i = 0;
    while (i < tag_count && strcmp(tag_levels[i].tag, tag) != 0)
      i++;
    if (i < MAX_TAG_LEVELS) {
      snprintf(tag_levels[i].tag, sizeof tag_levels[i].tag, "%s", tag);
      tag_levels[i].level = level;
      if (i == tag_count)
        tag_count++;
    }
  }
  pthread_mutex_unlock(&lock);
}

esp_log_level_t esp_log_level_get(const char *tag) {
  pthread_mutex_lock(&lock);
  esp_log_level_t l = level_for(tag);
  pthread_mutex_unlock(&lock);
  return l;
}

vprintf_like_t esp_log_set_vprintf(vprintf_like_t func) {
  pthread_mutex_lock(&lock);
  vprintf_like_t old = writer ? writer : to_stderr;
  writer = func;
  pthread_mutex_unlock(&lock);
  return old;
}

uint32_t esp_log_timestamp(void) {
  return (uint32_t)(host_now_ms() - start_ms);
}

void esp_log_writev(esp_log_level_t level, const char *tag, const char *format, va_list args) {
  pthread_mutex_lock(&lock);
  bool on = level <= level_for(tag);
  vprintf_like_t w = writer ? writer : to_stderr;
  if (on)
    w(format, args);
  pthread_mutex_unlock(&lock);
}

void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  esp_log_writev(level, tag, format, ap);
  va_end(ap);
}
