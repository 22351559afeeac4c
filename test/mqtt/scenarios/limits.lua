-- Arguments MQTT cannot carry are Lua errors, raised before anything is sent.
-- Prints "<case> ok" or "<case> error <message>", then checks that a bad
-- unsubscribe table unsubscribed nothing. args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]
local try = C.try
local long = string.rep("x", 65536)
local topic = "limits/" .. id .. "/x/y"

try("Client(id,-1)", function() return mqtt.Client(id, -1) end)
try("Client(id,70000)", function() return mqtt.Client(id, 70000) end)
try("Client(id,65535)", function() return mqtt.Client(id, 65535) end)
try("Client(long id)", function() return mqtt.Client(long, 30) end)
try("Client(id with NUL)", function() return mqtt.Client("a\0b", 30) end)
try("Client(user with NUL)", function() return mqtt.Client(id, 30, "u\0x", "p") end)
try("Client(password with NUL)", function() return mqtt.Client(id, 30, "u", "p\0x") end)
local m = mqtt.Client(id, 30)
try("connect(h,-1)", function() return m:connect(host, -1) end)
try("connect(h,70000)", function() return m:connect(host, 70000) end)
try("connect(host with NUL)", function() return m:connect(host .. "\0evil", port) end)
try("lwt(long topic)", function() return m:lwt(long, "m") end)
try("lwt(long message)", function() return m:lwt("t", long) end)
try("lwt(binary message)", function() return m:lwt("t", "a\0b", 1, 0) end)

m:on("message", function(c, t)
  if t == topic then
    C.say("still-subscribed", true)
    c:close()
    C.say("done")
  end
end)
m:connect(host, port, function(c)
  C.say("connected")
  try("publish(topic with NUL)", function() return c:publish("a/b\0secret", "p", 0, 0) end)
  try("publish(long topic)", function() return c:publish(long, "p", 0, 0) end)
  try("subscribe(topic with NUL)", function() return c:subscribe("a\0b", 0) end)
  try("subscribe({topic with NUL})", function() return c:subscribe({ ["a\0b"] = 0 }) end)
  try("unsubscribe(topic with NUL)", function() return c:unsubscribe("a\0b") end)
  -- no QoS given: 0 (the test reads it from the SUBSCRIBE packet)
  c:subscribe(topic .. "/default", function(_, ok) C.say("default-qos-subscribed", ok) end)
  c:subscribe(topic, 1, function()
    try("unsubscribe({[1]=true,x/y=true})", function() return c:unsubscribe({ [1] = true, [topic] = true }) end)
    try("unsubscribe({x/y=true,NUL})", function() return c:unsubscribe({ [topic] = true, ["a\0b"] = true }) end)
    -- had either sent its UNSUBSCRIBE for topic, this would not come back
    c:publish(topic, "check", 1, 0)
  end)
end, function(_, reason) C.say("fail", reason) end)
