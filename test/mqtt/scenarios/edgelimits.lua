-- Strings exactly at MQTT's limit of 65535 bytes are accepted: a client id and an
-- LWT topic of that length; the client then connects (Mosquitto takes both).
-- args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local function exactly(s, n) return (s .. string.rep("x", n)):sub(1, n) end
local id = exactly(prefix .. "-", 65535)
local willTopic = exactly(prefix .. "/will/", 65535)

local m
C.try("Client(65535-byte id)", function() m = mqtt.Client(id, 30) end)
C.try("lwt(65535-byte topic)", function() m:lwt(willTopic, "will", 0, 0) end)
C.try("publish(65535-byte topic)", function() return m:publish(willTopic, "p", 0, 0) end)
m:connect(host, port, function(c)
  C.say("connected")
  c:close()
end, function(_, reason) C.say("fail", reason, C.reason(reason)) end)
