-- Receives `count` messages on one (long) topic and checks each against
-- C.binary(#payload): prints "message <topic-ok> <length> <bytes-ok>".
-- args: host port topic count
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, topic, count = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])

local m = mqtt.Client("sizes-" .. #topic .. "-" .. count .. "-" .. tostring(os.time()), 30)
local got = 0
m:on("message", function(c, t, p)
  got = got + 1
  C.say("message", t == topic, #p, p == C.binary(#p))
  if got == count then
    c:close()
    C.say("done")
  end
end)
m:connect(host, port, function(c)
  c:subscribe(topic, 2, function(_, ok) C.say("ready", ok) end)
end, function(_, reason) C.say("fail", reason) end)
