-- close() fires "offline" exactly once, and only if connected. args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(id, 30)
local offlines = 0
m:on("offline", function(c)
  offlines = offlines + 1
  C.say("offline", offlines)
end)
m:close() -- never connected: nothing to report
C.say("closed-before-connect", offlines)
m:connect(host, port, function(c)
  C.say("connected")
  c:close()
  c:close()
  C.say("after-two-closes", offlines)
  C.after(500, function()
    c:close()
    C.say("final", offlines)
  end)
end, function(_, reason) C.say("fail", reason) end)
