-- Sets a last will, connects and waits to be killed (the test SIGKILLs it).
-- args: host port clientid topic qos retain msglen
-- The will message is C.binary(msglen): every byte value, NULs included.
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, topic = arg[1], tonumber(arg[2]), arg[3], arg[4]
local qos, retain, msglen = tonumber(arg[5]), tonumber(arg[6]), tonumber(arg[7])

local m = mqtt.Client(id, 30)
m:lwt("decoy/" .. id, "replaced by the next lwt()", 0, 1)
m:lwt(topic, C.binary(msglen), qos, retain)
-- fix 3: calls with bad arguments raise and leave the will set above intact
C.try("lwt-bad-topic", function() m:lwt({}, "x") end)
C.try("lwt-bad-message", function() m:lwt("other/" .. id, {}) end)
C.try("lwt-bad-qos", function() m:lwt("other/" .. id, "x", "high") end)
C.try("lwt-bad-retain", function() m:lwt("other/" .. id, "x", 1, {}) end)
collectgarbage("collect")
collectgarbage("collect")
m:connect(host, port, function()
  C.say("connected")
  -- keep running until killed
  tmr.create():alarm(60000, tmr.ALARM_SINGLE, function() C.say("not killed") end)
end, function(_, reason) C.say("fail", reason) end)
