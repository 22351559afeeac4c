-- One connection attempt; prints "connected" (then closes) or "fail <reason> <constant>".
-- args: host port|- [username|- [password|- [clientid]]]
-- With port "-", host is used alone (a URI such as mqtt://127.0.0.1:1883).
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port = arg[1], tonumber(arg[2])
local user = arg[3] ~= "-" and arg[3] or nil
local pass = arg[4] ~= "-" and arg[4] or nil
local id = arg[5] or "connect-scenario"

local m = mqtt.Client(id, 30, user, pass)
local fails = 0
m:on("connect", function() C.say("on-connect") end)
m:on("offline", function() C.say("offline") end)
local function connected(c)
  C.say("connected")
  c:close()
end
local function failed(c, reason)
  fails = fails + 1
  C.say("fail", reason, C.reason(reason), fails)
end
local ok
if port then
  -- optional arguments matched by type: connect(host, port, fn, fn)
  ok = m:connect(host, port, connected, failed)
else
  ok = m:connect(host, connected, failed)
end
C.say("connect-returned", ok)
