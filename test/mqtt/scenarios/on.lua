-- on(event, nil) or on(event) clears a callback; any other non-function raises and
-- keeps the callback that was set. args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]
local topic = "on/" .. id

local m = mqtt.Client(id, 30)
m:on("connect", function() C.say("connect-callback") end)
m:on("connect", nil)
m:on("message", function() C.say("message-callback") end)
m:on("message")
m:on("offline", function() C.say("offline-callback") end)
C.try("on-number", function() m:on("offline", 42) end)
C.try("on-string", function() m:on("offline", "print") end)
C.try("on-table", function() m:on("offline", {}) end)
C.try("on-boolean", function() m:on("offline", true) end)
C.try("on-unknown-event", function() m:on("connected", print) end)
C.say("connect-returned", m:connect(host, port))
C.after(700, function()
  C.say("subscribe", m:subscribe(topic, 0))
  C.after(200, function()
    -- a QoS 0 publish returns true only on a live connection
    C.say("publish", m:publish(topic, "hello", 0, 0))
    C.after(300, function()
      m:close()
      C.say("done")
    end)
  end)
end)
