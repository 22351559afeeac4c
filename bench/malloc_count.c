/*
 * LD_PRELOAD allocation counter for the allocation benchmark (bench/allocs.ts).
 *
 * Counts every call that hands out heap memory: malloc, calloc, and realloc
 * with a non-zero size (Lua's allocator is realloc-based), per call site
 * (the return address). At exit it writes one line per call site to
 * $MALLOC_COUNT_OUT:  <object path>\t<offset in object, hex>\t<count>
 * bench/allocs.ts resolves offsets in nodemcu-host to source files with
 * addr2line and groups the rest by shared object.
 *
 * The real allocator is glibc's __libc_* entry points, so there is no dlsym
 * recursion. The table is a fixed open-addressing hash under a spinlock: the
 * MQTT thread and the Lua thread both allocate.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

#define SLOTS 8192
static struct { uintptr_t site; unsigned long count; } table[SLOTS];
static atomic_flag lock = ATOMIC_FLAG_INIT;
static volatile int dumping;
static unsigned long overflow;

static void count(void *site) {
  if (dumping) return;
  while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire)) { }
  uintptr_t s = (uintptr_t)site;
  size_t h = (s >> 3) * 2654435761u % SLOTS;
  for (size_t i = 0; i < SLOTS; i++) {
    size_t j = (h + i) % SLOTS;
    if (table[j].site == s) { table[j].count++; goto done; }
    if (table[j].site == 0) { table[j].site = s; table[j].count = 1; goto done; }
  }
  overflow++;
done:
  atomic_flag_clear_explicit(&lock, memory_order_release);
}

void *malloc(size_t n) {
  count(__builtin_return_address(0));
  return __libc_malloc(n);
}

void *calloc(size_t a, size_t b) {
  count(__builtin_return_address(0));
  return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n) {
  if (n != 0) count(__builtin_return_address(0));
  return __libc_realloc(p, n);
}

__attribute__((destructor)) static void dump(void) {
  const char *out = getenv("MALLOC_COUNT_OUT");
  if (!out) return;
  dumping = 1;
  FILE *f = fopen(out, "w");
  if (!f) return;
  for (size_t i = 0; i < SLOTS; i++) {
    if (!table[i].site) continue;
    Dl_info info;
    if (dladdr((void *)table[i].site, &info) && info.dli_fname) {
      fprintf(f, "%s\t%lx\t%lu\n", info.dli_fname, (unsigned long)(table[i].site - (uintptr_t)info.dli_fbase), table[i].count);
    } else {
      fprintf(f, "?\t%lx\t%lu\n", (unsigned long)table[i].site, table[i].count);
    }
  }
  if (overflow) fprintf(f, "?overflow\t0\t%lu\n", overflow);
  fclose(f);
}
