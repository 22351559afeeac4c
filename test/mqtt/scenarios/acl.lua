-- A subscription the broker refuses (SUBACK 0x80) reaches its callback as ok=false.
-- args: host port allowed-topic refused-topic
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, allowed, refused = arg[1], tonumber(arg[2]), arg[3], arg[4]

local m = mqtt.Client("acl-" .. allowed, 30)
m:connect(host, port, function(c)
  C.say("subscribe-allowed", c:subscribe(allowed, 1, function(_, ok)
    C.say("suback-allowed", ok)
    C.say("subscribe-refused", c:subscribe(refused, 1, function(_, ok2)
      C.say("suback-refused", ok2)
      C.say("subscribe-mixed", c:subscribe({ [allowed .. "/x"] = 0, [refused .. "/x"] = 0 }, function(_, ok3)
        C.say("suback-mixed", ok3)
        -- the connection is still usable afterwards
        c:publish(allowed, "still-up", 1, 0, function(_, ok4)
          C.say("puback", ok4)
          c:close()
          C.say("done")
        end)
      end))
    end))
  end))
end, function(_, reason) C.say("fail", reason) end)
