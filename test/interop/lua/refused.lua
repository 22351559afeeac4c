-- A subscription the broker refuses: the broker either answers SUBACK 0x80
-- (the callback gets ok=false and the connection stays usable) or closes the
-- connection (the callback gets ok=false as the connection drops, then "offline").
-- args: host port clientid allowed-topic refused-topic
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, allowed, refused = arg[1], tonumber(arg[2]), arg[3], arg[4], arg[5]

local m = mqtt.Client(id, 30)
m:on("offline", function() C.say("offline") end)
m:connect(host, port, function(c)
  c:subscribe(allowed, 1, function(_, ok)
    C.say("suback-allowed", ok)
    c:subscribe(refused, 1, function(_, ok2)
      C.say("suback-refused", ok2)
      -- still usable afterwards
      c:publish(allowed, "still-up", 1, 0, function(_, ok3)
        C.say("puback", ok3)
        c:on("offline", nil)
        c:close()
        C.say("done")
      end)
    end)
  end)
end, function(_, reason) C.say("fail", reason) end)
