-- A message whose topic alone is longer than max_message_length (10 bytes here):
-- "overflow" gets the topic and an empty start, nothing is read past the payload.
-- Run under ASan by the test. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local topic = prefix .. "/a-topic-longer-than-the-limit"

local m = mqtt.Client(prefix, 30, nil, nil, 1, 10)
m:on("message", function(_, t, p) C.say("message", #t, #p) end)
m:on("overflow", function(c, t, start)
  C.say("overflow", t == topic, #start)
  c:close()
end)
m:connect(host, port, function(c)
  c:subscribe(topic, 0, function()
    c:publish(topic, "payload", 0, 0)
  end)
end, function(_, reason) C.say("fail", reason) end)
