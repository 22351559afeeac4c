-- ESP8266 style: unsubscribe({[a] = true, [b] = true, [c] = true}) without a callback
-- fires "unsuback" once (esp-mqtt sends one UNSUBSCRIBE per filter; only the last
-- one's UNSUBACK is the table's). A QoS 1 publish after it, acknowledged after all
-- UNSUBACKs, ends the run. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local unsubacks = 0
local m = mqtt.Client(prefix, 30)
m:on("unsuback", function(_, ok) unsubacks = unsubacks + 1 C.say("unsuback", ok) end)
m:connect(host, port, function(c)
  c:subscribe({ [prefix .. "/a"] = 0, [prefix .. "/b"] = 0, [prefix .. "/c"] = 0 }, function()
    C.say("unsubscribe", c:unsubscribe({ [prefix .. "/a"] = true, [prefix .. "/b"] = true, [prefix .. "/c"] = true }))
    c:publish(prefix .. "/end", "x", 1, 0, function()
      C.after(300, function()
        C.say("unsubacks", unsubacks)
        c:close()
      end)
    end)
  end)
end, function(_, reason) C.say("fail", reason) end)
