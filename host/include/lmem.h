/*
 * NodeMCU modules (mqtt.c among them) include Lua's internal lmem.h.
 * Debian ships no Lua internals; nothing a module should call lives here on
 * the host, so this header only keeps those #include lines compiling.
 */
#ifndef HOST_NODEMCU_LMEM_H
#define HOST_NODEMCU_LMEM_H
#include <lua.h> /* <> so that include_next in the wrapper works */
#endif
