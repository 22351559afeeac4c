-- A connected client with keepalive K and autoreconnect, for link faults:
-- prints "connect k" and "offline k"; closes after the second connect.
-- args: host port clientid keepalive
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, keepalive = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])

local m = mqtt.Client(id, keepalive)
local connects, offlines = 0, 0
m:on("offline", function()
  offlines = offlines + 1
  C.say("offline", offlines)
end)
m:connect(host, port, 0, 1, function(c)
  connects = connects + 1
  C.say("connect", connects)
  if connects == 2 then
    c:on("offline", nil)
    c:close()
    C.say("done")
  end
end, function(_, reason) C.say("fail", reason) end)
