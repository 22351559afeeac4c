-- Several operations of each kind in flight at once, each with its own callback:
-- 3 subscribes, 10 QoS 1/2 publishes and 3 QoS 0 publishes, then 3 unsubscribes.
-- Every callback must fire exactly once. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(prefix, 30)
local messages, pubacks, subacks, unsubacks = 0, 0, 0, 0

local function unsubscribeAll(c)
  for i = 1, 3 do
    C.say("unsubscribe", i, c:unsubscribe(prefix .. "/t" .. i, function(_, ok)
      C.say("unsuback", i, ok)
      unsubacks = unsubacks + 1
      if unsubacks == 3 then
        -- give a wrongly repeated callback time to show up
        C.after(500, function()
          C.say("messages", messages)
          m:close()
          C.say("done")
        end)
      end
    end))
  end
end

local function check(c)
  if pubacks == 13 and subacks == 3 and messages == 13 then
    unsubscribeAll(c)
  end
end

m:on("message", function(c, topic, payload)
  messages = messages + 1
  check(c)
end)
m:connect(host, port, function(c)
  C.say("connected")
  for i = 1, 3 do
    C.say("subscribe", i, c:subscribe(prefix .. "/t" .. i, 2, function(_, ok)
      C.say("suback", i, ok)
      subacks = subacks + 1
      check(c)
    end))
  end
  for i = 1, 13 do
    local qos = i > 10 and 0 or (i % 2) + 1
    C.say("publish", i, qos, c:publish(prefix .. "/t" .. ((i % 3) + 1), "m" .. i, qos, 0, function(_, ok)
      C.say("puback", i, ok)
      pubacks = pubacks + 1
      check(c)
    end))
  end
end, function(_, reason) C.say("fail", reason) end)
