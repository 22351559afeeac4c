-- A message on a topic of `len` bytes with a 3000-byte binary payload, QoS 1,
-- echoed back through the client's own subscription. Prints
-- "message <topic bytes> <topic matches> <payload bytes> <payload matches>" or
-- "offline" (esp-mqtt dropped the connection), then "done". args: host port clientid len
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, len = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])
local prefix = "lt/" .. id .. "/"
local topic = prefix .. string.rep("t", len - #prefix)
local payload = C.binary(3000)

local m = mqtt.Client(id, 30)
local ended = false
local function finish(c)
  if ended then return end
  ended = true
  c:close()
  C.say("done")
end
m:on("message", function(c, t, p)
  C.say("message", #t, t == topic, #p, p == payload)
  finish(c)
end)
m:on("offline", function(c)
  if ended then return end
  C.say("offline")
  finish(c)
end)
m:connect(host, port, function(c)
  c:subscribe(topic, 1, function(_, ok)
    C.say("subscribed", ok)
    c:publish(topic, payload, 1, 0)
  end)
end, function(_, reason) C.say("fail", reason) end)
