-- n QoS 0 publishes with callbacks in one Lua step while the client's own
-- subscription floods the (tiny) task queue: every callback fires once, in
-- publish order. Prints "callbacks <count> <in order>", "messages <count>",
-- then "later-callback true" for one more publish in a later step.
-- args: host port clientid n
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, n = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])
local topic = "qos0order/" .. id

local m = mqtt.Client(id, 30)
local fired, inorder, messages = 0, true, 0
m:on("message", function() messages = messages + 1 end)
local function finish(c)
  -- the echoes may still be coming: report once nothing new came for 1 s
  local seen = -1
  local t = tmr.create()
  t:alarm(1000, tmr.ALARM_AUTO, function()
    if messages ~= seen then seen = messages; return end
    t:unregister()
    C.say("callbacks", fired, inorder)
    C.say("messages", messages)
    -- a QoS 0 callback of a later step gets a flush of its own
    local guard = C.after(5000, function()
      c:close()
      C.say("done")
    end)
    c:publish(topic, "later", 0, 0, function(_, ok)
      C.say("later-callback", ok)
      guard:unregister()
      c:close()
      C.say("done")
    end)
  end)
end
m:connect(host, port, function(c)
  c:subscribe(topic, 0, function()
    for i = 1, n do
      local ok = c:publish(topic, tostring(i), 0, 0, function(_, sent)
        fired = fired + 1
        if fired ~= i or not sent then inorder = false end
        if fired == n then finish(c) end
      end)
      if not ok then C.say("publish-failed", i) end
    end
    C.say("published", n)
  end)
end, function(_, reason) C.say("fail", reason) end)
