-- cleansession=0, QoS 1, autoreconnect: a broker restart loses no message.
-- Prints "connect n", "offline n", each "message <payload>", and "done" once
-- every expected payload arrived. args: host port clientid prefix expected
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, prefix, expected = arg[1], tonumber(arg[2]), arg[3], arg[4], tonumber(arg[5])

local m = mqtt.Client(id, 5, nil, nil, 0)
local connects, offlines, distinct = 0, 0, 0
local seen = {}
m:on("offline", function(c)
  offlines = offlines + 1
  C.say("offline", offlines)
  -- QoS 1 published while the broker is away waits in the outbox
  C.say("publish-offline", c:publish(prefix .. "/in", "from-lua-offline", 1, 0, function(_, ok)
    C.say("puback-offline", ok)
  end))
end)
m:on("message", function(c, topic, payload)
  C.say("message", payload)
  if not seen[payload] then
    seen[payload] = true
    distinct = distinct + 1
    if distinct == expected then
      C.say("done", connects, offlines)
      c:on("offline", nil) -- nil clears: close() then fires nothing
      c:close()
    end
  end
end)
C.say("connect-returned", m:connect(host, port, 0, 1, function(c, sp)
  connects = connects + 1
  C.say("connect", connects)
  -- from the CONNACK: false on the first connect, true once the broker kept the session
  C.say("session-present", connects, sp)
  if connects == 1 then
    c:subscribe(prefix .. "/in", 1, function(_, ok) C.say("subscribed", ok) end)
  end
end, function(_, reason) C.say("fail", reason) end))
