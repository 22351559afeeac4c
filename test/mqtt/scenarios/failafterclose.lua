-- A client that was connected, closed, and then connects to a port where nothing
-- listens: that new connect()'s first connection failed, so "connfail" fires.
-- args: host port deadport prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, dead, prefix = arg[1], tonumber(arg[2]), tonumber(arg[3]), arg[4]

local m = mqtt.Client(prefix, 30)
m:on("connfail", function(_, reason) C.say("connfail", reason, C.reason(reason)) end)
m:on("offline", function() C.say("offline") end)
m:connect(host, port, function(c)
  C.say("connected")
  c:close()
  C.say("connect-again", c:connect(host, dead))
end)
