-- One client against test/helpers/fakebroker.ts, which misbehaves after the
-- SUBACK (test/mqtt/edges.test.ts): prints every callback, one line each, then
-- "done" after arg[3] ms. No autoreconnect: a dropped connection ends the client.
-- args: host port ms [ca.pem: connect with TLS, verifying the server against it]
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, ms = arg[1], tonumber(arg[2]), tonumber(arg[3] or 1500)
local secure = arg[4] and { ca_cert = C.readfile(arg[4]) } or false

local m = mqtt.Client("edges-scenario", 30)
m:on("message", function(_, topic, data) C.say("message", topic, data) end)
m:on("offline", function() C.say("offline") end)
m:connect(host, port, secure, false, function(client)
  C.say("connect")
  client:subscribe("edge/#", 2, function(_, ok) C.say("suback", ok) end)
end, function(_, reason)
  C.say("connfail", reason, C.reason(reason))
end)
C.after(ms, function()
  m:close()
  C.say("done")
end)
