-- Connects once and closes; the test reads the CONNECT packet through a relay.
-- args: host port clientid keepalive cleansession [username password]
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, keepalive, clean = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4]), tonumber(arg[5])
local m = mqtt.Client(id, keepalive, arg[6], arg[7], clean)
local ok = m:connect(host, port, function(c)
  C.say("connected")
  c:close()
end, function(_, reason) C.say("fail", reason, C.reason(reason)) end)
if not ok then
  C.say("connect-returned false")
end
