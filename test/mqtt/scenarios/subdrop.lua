-- A subscribe, an unsubscribe and a QoS 1 publish are in flight when the
-- connection drops (the test holds back the broker's replies, then cuts the
-- link). With autoreconnect ("auto"), esp-mqtt forgets the subscribe and the
-- unsubscribe (each calls back false once) and resends the publish (acked
-- after reconnecting); without ("once"), the client stops and all three call
-- back false once. args: host port clientid auto|once
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, mode = arg[1], tonumber(arg[2]), arg[3], arg[4]
local topic = "subdrop/" .. id

local m = mqtt.Client(id, 30)
local connects = 0
m:on("offline", function() C.say("offline") end)
m:connect(host, port, 0, mode == "auto", function(c)
  connects = connects + 1
  C.say("connected", connects)
  if connects == 1 then
    C.after(1000, function()
      C.say("subscribe", c:subscribe(topic, 1, function(_, ok) C.say("suback", ok) end))
      C.say("unsubscribe", c:unsubscribe(topic .. "/x", function(_, ok) C.say("unsuback", ok) end))
      C.say("publish", c:publish(topic .. "/p", "p", 1, 0, function(_, ok) C.say("puback", ok) end))
    end)
  else
    c:subscribe(topic, 1, function(_, ok)
      C.say("suback-after-reconnect", ok)
      C.after(500, function()
        c:close()
        C.say("done")
      end)
    end)
  end
end, function(_, reason) C.say("fail", reason) end)
