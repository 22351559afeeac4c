-- A QoS 1 message over max_message_length goes to "overflow" and is still acknowledged:
-- after a reconnect of the same persistent session (cleansession 0) the broker has nothing
-- to deliver again. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local topic = prefix .. "/big"

local m = mqtt.Client(prefix, 30, nil, nil, 0, 50)
local overflows, messages, connects = 0, 0, 0
m:on("overflow", function(c, t, start)
  overflows = overflows + 1
  C.say("overflow", t == topic, #start)
  -- the same session again: an unacknowledged QoS 1 message would come back now
  c:close()
  c:connect(host, port, false)
end)
m:on("message", function() messages = messages + 1 end)
m:on("connect", function(c)
  connects = connects + 1
  C.say("connect", connects)
  if connects == 1 then
    c:subscribe(topic, 1, function(_, ok)
      C.say("suback", ok)
      local p = mqtt.Client(prefix .. "-pub", 30)
      p:connect(host, port, false, function(pc)
        pc:publish(topic, C.binary(500), 1, 0, function() pc:close() end)
      end)
    end)
  else
    C.after(2000, function()
      C.say("after-reconnect", overflows, messages)
      c:close()
      C.say("done")
    end)
  end
end)
m:connect(host, port, false)
