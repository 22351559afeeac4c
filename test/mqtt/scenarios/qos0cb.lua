-- A QoS 0 publish callback fires once, after the message was handed to the
-- network, and not again at a later QoS 1 acknowledgement. A publish that
-- cannot be sent returns false and its callback never fires. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(prefix, 30)
local q0, q1, offline = 0, 0, 0
C.say("publish-before-connect", m:publish(prefix .. "/x", "early", 0, 0, function() C.say("early-callback") end))
m:on("message", function(c, topic, payload) C.say("message", topic, payload) end)
m:connect(host, port, function(c)
  C.say("connected")
  c:subscribe(prefix .. "/x", 1, function()
    C.say("publish-qos0", c:publish(prefix .. "/x", "zero", 0, 0, function(_, ok)
      q0 = q0 + 1
      C.say("qos0-callback", q0, ok)
    end))
    C.after(500, function()
      C.say("qos0-count-before-qos1", q0)
      C.say("publish-qos1", c:publish(prefix .. "/x", "one", 1, 0, function(_, ok)
        q1 = q1 + 1
        C.say("qos1-callback", q1, ok)
        C.say("publish-qos1-nocb", c:publish(prefix .. "/x", "one-more", 1, 0))
        C.after(500, function()
          C.say("counts", q0, q1)
          c:close()
          C.say("publish-after-close", c:publish(prefix .. "/x", "late", 0, 0, function() C.say("late-callback") end))
          C.say("done")
        end)
      end))
    end)
  end)
end, function(_, reason) C.say("fail", reason) end)
