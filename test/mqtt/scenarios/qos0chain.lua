-- QoS 0 callbacks added during a flush wait for the next one: A's callback
-- publishes Y on a second client, then B on the first. Y's flush was queued
-- before B's, so the order is A, Y, B (had B fired in A's flush: A, B, Y).
-- args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local topic = prefix .. "/chain"

local m1 = mqtt.Client(prefix .. "-1", 30)
local m2 = mqtt.Client(prefix .. "-2", 30)
local function start()
  m1:publish(topic, "A", 0, 0, function()
    C.say("sent A")
    m2:publish(topic, "Y", 0, 0, function() C.say("sent Y") end)
    m1:publish(topic, "B", 0, 0, function() C.say("sent B") end)
  end)
  C.after(300, function()
    m1:close()
    m2:close()
    C.say("done")
  end)
end
m1:connect(host, port, function()
  m2:connect(host, port, start, function(_, reason) C.say("fail", reason) end)
end, function(_, reason) C.say("fail", reason) end)
