-- A QoS 1 publish whose PUBACK never comes (the test holds back the broker's
-- replies): once esp-mqtt drops it from its outbox (built with a 2 s
-- CONFIG_MQTT_OUTBOX_EXPIRED_TIMEOUT_MS and CONFIG_MQTT_REPORT_DELETED_MESSAGES)
-- its callback gets false, once. args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(id, 60)
local calls = 0
m:connect(host, port, function(c)
  C.say("connected")
  C.after(1000, function()
    C.say("publish", c:publish("deleted/" .. id, "p", 1, 0, function(_, ok)
      calls = calls + 1
      C.say("puback", ok)
    end))
    -- long after the expiry: the callback came exactly once
    C.after(6000, function()
      C.say("calls", calls)
      c:close()
      C.say("done")
    end)
  end)
end, function(_, reason) C.say("fail", reason) end)
