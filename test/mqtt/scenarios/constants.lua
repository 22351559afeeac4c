-- The connect-failure reasons offered as mqtt.CONN_FAIL_* / mqtt.CONNACK_* (ESP8266 values).
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
for _, k in ipairs({
  "CONN_FAIL_SERVER_NOT_FOUND", "CONN_FAIL_NOT_A_CONNACK_MSG", "CONN_FAIL_DNS",
  "CONN_FAIL_TIMEOUT_RECEIVING", "CONN_FAIL_TIMEOUT_SENDING", "CONN_FAIL_TLS",
  "CONNACK_ACCEPTED", "CONNACK_REFUSED_PROTOCOL_VER", "CONNACK_REFUSED_ID_REJECTED",
  "CONNACK_REFUSED_SERVER_UNAVAILABLE", "CONNACK_REFUSED_BAD_USER_OR_PASS", "CONNACK_REFUSED_NOT_AUTHORIZED",
}) do
  C.say(k, mqtt[k], type(mqtt[k]))
end
C.say("unknown", mqtt.NO_SUCH_CONSTANT)
