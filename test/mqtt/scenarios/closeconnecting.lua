-- close() while the connection is still being set up (the server took the TCP
-- connection and sends no CONNACK): no "offline", no "connfail", close() returns
-- true. Once right after connect(), once 300 ms later. args: host silentport
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port = arg[1], tonumber(arg[2])

local m = mqtt.Client("closeconnecting", 30)
m:on("offline", function() C.say("offline") end)
m:on("connfail", function(_, reason) C.say("connfail", reason) end)
m:on("connect", function() C.say("connect") end)
C.say("connect", m:connect(host, port))
C.say("close-at-once", m:close())
C.say("connect", m:connect(host, port))
C.after(300, function()
  C.say("close-later", m:close())
  C.after(500, function() C.say("done") end)
end)
