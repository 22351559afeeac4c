-- connect() without a port: 1883, or 8883 with TLS. Run by the test in a network
-- namespace of its own with Mosquitto on 127.0.0.1:1883 (plain) and :8883 (TLS), so
-- no other process's ports are involved. args: mode (plain|tls) [ca.pem]
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local mode, caFile = arg[1], arg[2]

local m = mqtt.Client("defaultport-" .. mode, 30)
local function connected(c)
  C.say("connected", mode)
  c:close()
end
local function failed(_, reason) C.say("fail", reason, C.reason(reason)) end
if mode == "tls" then
  m:connect("127.0.0.1", nil, { ca_cert = C.readfile(caFile) }, connected, failed)
else
  m:connect("127.0.0.1", connected, failed)
end
