-- lwt() checks all its arguments before it changes anything: a second lwt() whose
-- message is too long (a check inside lwt, not the argument parser's) raises and
-- leaves the first will in place. The test reads the will from CONNECT.
-- args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(prefix, 30)
m:lwt(prefix .. "/first", "first will", 1, 0)
C.try("lwt(other, 65536-byte message)", function() m:lwt(prefix .. "/other", string.rep("m", 65536), 2, 1) end)
m:connect(host, port, function(c)
  C.say("connected")
  c:close()
end, function(_, reason) C.say("fail", reason) end)
