/**
 * What a NodeMCU C module may leave undefined: the symbols the firmware's link
 * resolves, each with the file that defines it, in NodeMCU dev-esp32
 * (7c5bb151), ESP-IDF v5.1.3 or the esp-mqtt commit IDF v5.1.3 pins
 * (e6afdb40). newlib's string functions are in the ESP32's ROM, which IDF
 * links through its ROM linker script. NodeMCU's Lua 5.1 and 5.3 differ
 * (lua_tointeger vs lua_tointegerx, lnodemcu.c vs lauxlib.c), so Lua entries
 * name the version they hold for.
 *
 * An object that needs anything else would not link into the firmware. The
 * list goes beyond what mqtt.c and the example use today so that a generator
 * change to another standard call does not need an edit here; every entry is
 * checked against the upstream sources by `test/esp32/verify-provided.ts`
 * (needs the git copies: MIRROR_ROOT=... npx tsx test/esp32/verify-provided.ts).
 */
import type { LuaVersion } from "../../host/runner/config.ts";

export type Upstream = "nodemcu" | "esp-idf" | "esp-mqtt";

export interface Provider {
  symbol: string;
  from: Upstream;
  /** the file that defines it, at the pinned revision */
  file: string;
  /** only under this Lua version; unset = independent of Lua */
  lua?: LuaVersion;
}

const BOTH: LuaVersion[] = ["5.1", "5.3"];

/** NodeMCU's Lua core: components/lua/lua-5.x/<file>. */
function lua(file: string, symbols: string[], versions: LuaVersion[] = BOTH): Provider[] {
  return versions.flatMap((v) => symbols.map((symbol) => ({ symbol, from: "nodemcu" as const, file: `components/lua/lua-${v}/${file}`, lua: v })));
}

function at(from: Upstream, file: string, symbols: string[]): Provider[] {
  return symbols.map((symbol) => ({ symbol, from, file }));
}

export const PROVIDED: readonly Provider[] = [
  // The Lua C API: lapi.c
  ...lua("lapi.c", [
    "lua_absindex", "lua_checkstack", "lua_concat", "lua_createtable", "lua_error", "lua_getfield", "lua_geti",
    "lua_getmetatable", "lua_gettable", "lua_gettop", "lua_isnumber", "lua_isstring", "lua_isuserdata",
    "lua_newuserdata", "lua_next", "lua_pushboolean", "lua_pushcclosure", "lua_pushfstring", "lua_pushinteger",
    "lua_pushlightuserdata", "lua_pushlstring", "lua_pushnil", "lua_pushnumber", "lua_pushrotable", "lua_pushstring",
    "lua_pushvalue", "lua_pushvfstring", "lua_rawequal", "lua_rawget", "lua_rawgeti", "lua_rawset", "lua_rawseti",
    "lua_setfield", "lua_setmetatable", "lua_settable", "lua_settop", "lua_toboolean", "lua_tolstring",
    "lua_touserdata", "lua_type", "lua_typename",
  ]),
  // 5.3 names: its lua.h turns lua_call, lua_insert, lua_tointeger ... into these
  ...lua("lapi.c", [
    "lua_callk", "lua_copy", "lua_getglobal", "lua_isinteger", "lua_len", "lua_pcallk", "lua_rawlen", "lua_rotate",
    "lua_seti", "lua_setglobal", "lua_tointegerx", "lua_tonumberx",
  ], ["5.3"]),
  ...lua("lapi.c", [
    "lua_call", "lua_insert", "lua_objlen", "lua_pcall", "lua_remove", "lua_replace", "lua_tointeger", "lua_tonumber",
  ], ["5.1"]),
  // The auxiliary library, NodeMCU's additions included (luaL_rometatable, luaL_reref)
  ...lua("lauxlib.c", [
    "luaL_argerror", "luaL_checkany", "luaL_checkinteger", "luaL_checklstring", "luaL_checknumber", "luaL_checkoption",
    "luaL_checkstack", "luaL_checktype", "luaL_checkudata", "luaL_error", "luaL_newmetatable", "luaL_optinteger",
    "luaL_optlstring", "luaL_optnumber", "luaL_ref", "luaL_reref", "luaL_rometatable", "luaL_testudata", "luaL_unref",
    "luaL_where",
  ]),
  ...lua("lauxlib.c", ["luaL_len", "luaL_pcallx", "luaL_tolstring", "luaL_totoggle", "luaL_traceback"], ["5.3"]),
  ...lua("lauxlib.c", ["luaL_typerror"], ["5.1"]),
  // NodeMCU's glue to its task queue; lua-5.1/lua.c is an #include of lua-5.3/lua.c
  ...lua("lnodemcu.c", ["luaL_posttask"]),
  ...at("nodemcu", "components/lua/lua-5.3/lua.c", ["lua_getstate"]),
  ...lua("lnodemcu.c", ["luaL_pcallx", "luaL_totoggle"], ["5.1"]),
  ...at("nodemcu", "components/lua/common/lnodeaux.c", [
    "luaX_alloc_string", "luaX_free_string", "luaX_push_weak_ref", "luaX_set_ref", "luaX_unset_ref", "luaX_weak_ref",
  ]),
  ...at("nodemcu", "components/task/task.c", ["task_get_id", "task_post"]),
  // esp-mqtt
  ...at("esp-mqtt", "mqtt_client.c", [
    "esp_mqtt_client_destroy", "esp_mqtt_client_disconnect", "esp_mqtt_client_enqueue", "esp_mqtt_client_get_outbox_size",
    "esp_mqtt_client_init", "esp_mqtt_client_publish", "esp_mqtt_client_reconnect", "esp_mqtt_client_register_event",
    "esp_mqtt_client_set_uri", "esp_mqtt_client_start", "esp_mqtt_client_stop", "esp_mqtt_client_subscribe_multiple",
    "esp_mqtt_client_subscribe_single", "esp_mqtt_client_unregister_event", "esp_mqtt_client_unsubscribe",
    "esp_mqtt_set_config",
  ]),
  // ESP-IDF: logging (ESP_LOGx expands to these), heap, time, pthreads
  ...at("esp-idf", "components/log/log.c", ["esp_log_write"]),
  ...at("esp-idf", "components/log/log_freertos.c", ["esp_log_timestamp"]),
  ...at("esp-idf", "components/esp_common/src/esp_err_to_name.c", ["esp_err_to_name"]),
  ...at("esp-idf", "components/newlib/heap.c", ["calloc", "free", "malloc", "realloc"]),
  ...at("esp-idf", "components/newlib/time.c", ["usleep"]),
  ...at("esp-idf", "components/pthread/pthread.c", ["pthread_create", "pthread_detach", "pthread_join"]),
  // newlib's string functions, in the ESP32's ROM
  ...at("esp-idf", "components/esp_rom/esp32/ld/esp32.rom.newlib-funcs.ld", [
    "memchr", "memcmp", "memcpy", "memmove", "memset", "strcasecmp", "strchr", "strcmp", "strcpy", "strlen", "strncasecmp", "strncmp",
    "strncpy", "strstr",
  ]),
  // libgcc's software floating point (the LX6 has no double unit, and Lua 5.3's float
  // lua_Number converts through these too), also in the ESP32's ROM
  ...at("esp-idf", "components/esp_rom/esp32/ld/esp32.rom.libgcc.ld", [
    "__adddf3", "__divdf3", "__eqdf2", "__extendsfdf2", "__fixdfdi", "__fixdfsi", "__fixsfdi", "__fixsfsi", "__fixunsdfsi",
    "__floatdidf", "__floatdisf", "__floatsidf", "__floatsisf", "__floatunsidf", "__gedf2", "__gtdf2", "__ledf2", "__ltdf2",
    "__muldf3", "__nedf2", "__subdf3", "__truncdfsf2",
  ]),
];

/** The providers of `symbol` for an object built against Lua `lua`. */
export function providersOf(symbol: string, lua: LuaVersion, list: readonly Provider[] = PROVIDED): Provider[] {
  return list.filter((p) => p.symbol === symbol && (p.lua === undefined || p.lua === lua));
}
