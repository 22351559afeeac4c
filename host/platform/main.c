/*
 * nodemcu-host: runs a Lua script the way NodeMCU runs init.lua, then
 * pumps the task queue until nothing is left to wait for.
 *
 *   nodemcu-host [--timeout SECONDS] script.lua [args...]
 *
 * Exit status: 0 when the script and every event are done, the code given
 * to os.exit(), 1 for a script error or when a callback or task raised an
 * error that no node.setonerror handler took (tracebacks on stderr), 2 for
 * bad usage, 124 when --timeout expires.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "lauxlib.h"
#include "lualib.h"
#include "host_platform.h"

#define EXIT_TIMEOUT 124

static char timeout_msg[160];

/* Async-signal-safe: the script may be stuck anywhere, even in C. */
static void on_alarm(int sig) {
  (void)sig;
  ssize_t w = write(STDERR_FILENO, timeout_msg, strlen(timeout_msg));
  (void)w;
  _exit(EXIT_TIMEOUT);
}

static void arm_timeout(const char *arg) {
  char *end;
  double s = strtod(arg, &end);
  if (*end || !(s > 0)) {
    fprintf(stderr, "nodemcu-host: --timeout wants a positive number of seconds, got '%s'\n", arg);
    exit(2);
  }
  snprintf(timeout_msg, sizeof timeout_msg,
           "nodemcu-host: timeout: still running after %s s (--timeout)\n", arg);
  signal(SIGALRM, on_alarm);
  struct itimerval it = {{0, 0}, {(time_t)s, (suseconds_t)((s - (double)(time_t)s) * 1e6)}};
  setitimer(ITIMER_REAL, &it, NULL);
}

static int traceback(lua_State *L) {
  host_traceback(L);
  return 1;
}

/* arg[0] = script, arg[1..n] = its arguments, as the stock lua does. */
static void set_arg_table(lua_State *L, char **argv, int script, int argc) {
  lua_createtable(L, argc - script - 1, 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

static void usage(void) {
  fprintf(stderr, "usage: nodemcu-host [--timeout SECONDS] script.lua [args...]\n");
  exit(2);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc)
      arm_timeout(argv[++i]);
    else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else
      usage();
  }
  if (i >= argc)
    usage();
  int script = i;

  /* Line-buffered so output keeps its order with stderr in a pipe and
   * survives a timeout's _exit. */
  setvbuf(stdout, NULL, _IOLBF, 0);

  task_init();
  lua_State *L = luaL_newstate();
  if (!L) {
    fprintf(stderr, "nodemcu-host: cannot create a Lua state\n");
    return 1;
  }
  host_set_state(L);
  luaL_openlibs(L);
  if (host_modules_open(L)) {
    fprintf(stderr, "nodemcu-host: %s\n", lua_tostring(L, -1));
    return 1;
  }
  set_arg_table(L, argv, script, argc);

  lua_pushcfunction(L, traceback);
  if (luaL_loadfile(L, argv[script]) != 0) {
    fprintf(stderr, "nodemcu-host: %s\n", lua_tostring(L, -1));
    return 1;
  }
  for (int a = script + 1; a < argc; a++)
    lua_pushstring(L, argv[a]);
  if (lua_pcall(L, argc - script - 1, 0, 1) != 0) {
    fprintf(stderr, "nodemcu-host: %s\n", lua_tostring(L, -1));
    return 1;
  }
  lua_settop(L, 0);

  host_loop_run(L);

  /* Closing runs every __gc, so modules free what they hold (and the
   * sanitizer build sees real leaks only). */
  lua_close(L);
  host_set_state(NULL);
  /* A CI job must see a failing callback; the tracebacks are already out. */
  unsigned errors = host_unhandled_errors();
  if (errors) {
    fprintf(stderr, "nodemcu-host: %u error%s in callbacks or tasks (tracebacks above): exit status 1\n",
            errors, errors == 1 ? "" : "s");
    return 1;
  }
  return 0;
}
