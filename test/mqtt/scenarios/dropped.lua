-- A dropped connection fires "offline"; without autoreconnect the client stops
-- (the runner then has nothing left to wait for and exits).
-- args: host port clientid autoreconnect(0|1)
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, auto = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])

local m = mqtt.Client(id, 5)
local connects, offlines = 0, 0
m:on("offline", function(c)
  offlines = offlines + 1
  C.say("offline", offlines)
  C.say("publish-while-offline", c:publish("x/" .. id, "p", 0, 0))
end)
m:connect(host, port, 0, auto, function(c)
  connects = connects + 1
  C.say("connect", connects)
  if connects == 2 then
    c:close()
    C.say("done")
  end
end, function(_, reason) C.say("fail", reason, C.reason(reason)) end)
