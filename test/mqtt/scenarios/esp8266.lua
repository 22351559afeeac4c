-- An ESP8266-style script: every ESP8266 event set with on(), callbacks left out of
-- connect/subscribe/publish/unsubscribe, mqtt.Client's sixth argument (max_message_length).
-- args: host port prefix max deadport
-- 1. connect to deadport: "connfail"; then connect to the broker with on("connect") only
-- 2. subscribe: "suback"; publish QoS 0 of exactly max bytes (topic + payload) and of max + 1:
--    "puback" for each once sent (counted), "message" for the first and "overflow" for the second
-- 3. unsubscribe: "unsuback"; publish QoS 1: "puback"; close() twice
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix, max, deadport = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4]), tonumber(arg[5])
local topic = prefix .. "/in"
local fit = C.binary(max - #topic)
local over = fit .. "!"

local m = mqtt.Client(prefix, 30, "user", "password", 1, max)
local stage = "dead"
local pubacks = 0
m:on("connfail", function(c, reason)
  C.say("connfail", C.reason(reason))
  stage = "live"
  c:connect(host, port, false)
end)
m:on("connect", function(c)
  C.say("connect")
  c:subscribe(topic, 1)
end)
m:on("suback", function(c, ok)
  C.say("suback", ok)
  c:publish(topic, fit, 0, 0)
  c:publish(topic, over, 0, 0)
end)
m:on("puback", function(c, ok)
  if stage ~= "out" then
    if ok == true then pubacks = pubacks + 1 end
  else
    C.say("puback", ok, stage)
    C.say("close", c:close())
    C.say("close again", c:close())
    C.say("done")
  end
end)
m:on("message", function(_, t, payload)
  C.say("message", t == topic, #payload, payload == fit)
end)
m:on("overflow", function(c, t, start)
  C.say("overflow", t == topic, #start, start == fit)
  c:unsubscribe(topic)
end)
m:on("unsuback", function(c, ok)
  C.say("unsuback", ok)
  C.say("pubacks before unsuback", pubacks)
  stage = "out"
  c:publish(prefix .. "/out", "x", 1, 0)
end)
m:on("offline", function() C.say("offline") end)
m:connect(host, deadport, false)
