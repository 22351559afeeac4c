/*
 * C-level Unity tests of our mqtt module, run inside the NodeMCU firmware.
 *
 * This is a NodeMCU external module, `unitytest`: unitytest.run() (typed into
 * the REPL by `npm run test:qemu`) runs every test against the Lua state it was
 * called from, so the module is tested as users get it: registered through
 * NodeMCU's ROM tables, with its metatable, argument checks and __gc, under the
 * firmware's real Lua (5.1 or 5.3, whichever the build selected).
 *
 * The tests need no network: they cover registration, the client object and
 * argument errors. Network behaviour is covered by the REPL scenarios.
 */
#include <stdbool.h>
#include <string.h>

#include "sdkconfig.h"
#include "unity.h"

#include "lauxlib.h"
#include "lua.h"
#include "module.h"

static lua_State *L_test;

/* Unity calls these around every test; ours restore the Lua stack. */
static int stack_base;
void setUp(void) { stack_base = lua_gettop(L_test); }
void tearDown(void) { lua_settop(L_test, stack_base); }

/* Run a Lua chunk that must succeed and return a value whose tostring() is
 * `expected`. (A void function: Unity's failure macros return from it when
 * built without setjmp.) */
static void assert_lua_result(const char *chunk, const char *expected)
{
  if (luaL_loadstring(L_test, chunk) != 0 || lua_pcall(L_test, 0, 1, 0) != 0) {
    const char *err = lua_tostring(L_test, -1);
    TEST_FAIL_MESSAGE(err ? err : "Lua error without a message");
  }
  lua_getglobal(L_test, "tostring");
  lua_insert(L_test, -2);
  lua_call(L_test, 1, 1);
  TEST_ASSERT_EQUAL_STRING_MESSAGE(expected, lua_tostring(L_test, -1), chunk);
}

/* Run a chunk that must raise a Lua error with a non-empty message. */
static void assert_lua_error(const char *chunk)
{
  TEST_ASSERT_EQUAL_INT_MESSAGE(0, luaL_loadstring(L_test, chunk), chunk);
  int status = lua_pcall(L_test, 0, 0, 0);
  TEST_ASSERT_NOT_EQUAL_MESSAGE(0, status, chunk);
  const char *msg = lua_tostring(L_test, -1);
  TEST_ASSERT_NOT_NULL_MESSAGE(msg, chunk);
  TEST_ASSERT_TRUE_MESSAGE(strlen(msg) > 0, chunk);
}

static void test_module_is_registered(void)
{
  assert_lua_result("return mqtt ~= nil", "true");
  assert_lua_result("return type(mqtt.Client)", "function");
}

static void test_client_returns_userdata(void)
{
  assert_lua_result("return type(mqtt.Client('unity-1', 60))", "userdata");
}

static void test_client_has_every_method(void)
{
  assert_lua_result(
    "local c = mqtt.Client('unity-2', 60)\n"
    "for _, n in ipairs({'connect','close','lwt','on','publish','subscribe','unsubscribe'}) do\n"
    "  if type(c[n]) ~= 'function' then return 'missing ' .. n end\n"
    "end\n"
    "return 'ok'", "ok");
}

static void test_client_accepts_optional_credentials(void)
{
  assert_lua_result("return type(mqtt.Client('unity-3', 60, 'user', 'secret', 1))", "userdata");
}

static void test_client_rejects_non_numeric_keepalive(void)
{
  assert_lua_error("mqtt.Client('unity-4', 'soon')");
}

static void test_on_rejects_unknown_event(void)
{
  assert_lua_error("mqtt.Client('unity-5', 60):on('bogus', function() end)");
}

static void test_connect_requires_host(void)
{
  assert_lua_error("mqtt.Client('unity-6', 60):connect()");
}

static void test_publish_requires_topic(void)
{
  assert_lua_error("mqtt.Client('unity-7', 60):publish()");
}

static void test_subscribe_requires_topic(void)
{
  assert_lua_error("mqtt.Client('unity-8', 60):subscribe()");
}

static void test_methods_reject_a_foreign_self(void)
{
  assert_lua_error("local c = mqtt.Client('unity-9', 60); c.publish({}, 't', 'd', 0, 0)");
}

/* A weak-keyed table sees the clients go: none is left after two full cycles
 * (checked the same way on nodemcu-host; a referenced client would stay). */
static void test_unused_clients_are_collected(void)
{
  assert_lua_result(
    "local weak = setmetatable({}, {__mode = 'k'})\n"
    "for i = 1, 20 do weak[mqtt.Client('unity-gc' .. i, 60)] = true end\n"
    "collectgarbage(); collectgarbage()\n"
    "local n = 0\n"
    "for _ in pairs(weak) do n = n + 1 end\n"
    "return n", "0");
}

/* The build options the firmware promises (firmware-config/common.defaults). */
static void test_build_has_mqtt_and_tls(void)
{
#if !CONFIG_NODEMCU_CMODULE_MQTT
  TEST_FAIL_MESSAGE("CONFIG_NODEMCU_CMODULE_MQTT is off");
#endif
#if !CONFIG_MQTT_TRANSPORT_SSL
  TEST_FAIL_MESSAGE("CONFIG_MQTT_TRANSPORT_SSL is off: no TLS");
#endif
}

/* Lua: unitytest.run() -> number of failed tests; prints Unity's report. */
static int unitytest_run(lua_State *L)
{
  L_test = L;
  UNITY_BEGIN();
  RUN_TEST(test_module_is_registered);
  RUN_TEST(test_client_returns_userdata);
  RUN_TEST(test_client_has_every_method);
  RUN_TEST(test_client_accepts_optional_credentials);
  RUN_TEST(test_client_rejects_non_numeric_keepalive);
  RUN_TEST(test_on_rejects_unknown_event);
  RUN_TEST(test_connect_requires_host);
  RUN_TEST(test_publish_requires_topic);
  RUN_TEST(test_subscribe_requires_topic);
  RUN_TEST(test_methods_reject_a_foreign_self);
  RUN_TEST(test_unused_clients_are_collected);
  RUN_TEST(test_build_has_mqtt_and_tls);
  int failures = UNITY_END();
  lua_pushinteger(L, failures);
  return 1;
}

LROT_BEGIN(unitytest, NULL, 0)
  LROT_FUNCENTRY(run, unitytest_run)
LROT_END(unitytest, NULL, 0)

NODEMCU_MODULE(UNITYTEST, "unitytest", unitytest, NULL);
