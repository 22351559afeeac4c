-- A retained message published from Lua reaches a later subscription to the
-- same topic, without wildcards (the form every broker supports).
-- args: host port clientid topic
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, topic = arg[1], tonumber(arg[2]), arg[3], arg[4]

local m = mqtt.Client(id, 30)
m:on("message", function(_, t, payload) C.say("message", t, payload) end)
m:connect(host, port, function(c)
  c:publish(topic, "kept", 1, 1, function(_, ok)
    C.say("puback", ok)
    c:subscribe(topic, 1, function(_, ok2)
      C.say("suback", ok2)
      C.after(1000, function()
        c:close()
        C.say("done")
      end)
    end)
  end)
end, function(_, reason) C.say("fail", reason) end)
