-- autoreconnect: a subscribe and an unsubscribe are in flight when the
-- connection drops (the test holds back the broker's replies, then cuts the
-- link). esp-mqtt forgets them: each callback fires once with false, and the
-- client works on after reconnecting. args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(id, 30)
local connects = 0
m:on("offline", function() C.say("offline") end)
m:connect(host, port, 0, 1, function(c)
  connects = connects + 1
  C.say("connected", connects)
  if connects == 1 then
    C.after(1000, function()
      C.say("subscribe", c:subscribe("subdrop/" .. id, 1, function(_, ok) C.say("suback", ok) end))
      C.say("unsubscribe", c:unsubscribe("subdrop/" .. id .. "/x", function(_, ok) C.say("unsuback", ok) end))
    end)
  else
    c:subscribe("subdrop/" .. id, 1, function(_, ok)
      C.say("suback-after-reconnect", ok)
      C.after(500, function()
        c:close()
        C.say("done")
      end)
    end)
  end
end, function(_, reason) C.say("fail", reason) end)
