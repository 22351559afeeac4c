-- Every false from publish/subscribe/unsubscribe comes with one "W ... mqtt: <op> returned false: <reason>"
-- line on stderr. Prints "<case> <returned value>" in order. The port is given as a string
-- (as read from a config file). args: host port prefix silentport (a server that never answers)
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix, silentport = arg[1], arg[2], arg[3], tonumber(arg[4])

local m = mqtt.Client(prefix, 30)
local function all(stage, c)
  C.say(stage .. "-publish", c:publish(prefix .. "/t", "x", 0, 0))
  C.say(stage .. "-subscribe", c:subscribe(prefix .. "/t", 0))
  C.say(stage .. "-unsubscribe", c:unsubscribe(prefix .. "/t"))
end
all("never-connected", m)
-- connecting: esp-mqtt has a client, but the server never sends CONNACK
local s = mqtt.Client(prefix .. "-silent", 30)
C.say("silent-connect-returned", s:connect(host, silentport, false))
C.say("connecting-subscribe", s:subscribe(prefix .. "/t", 0))
C.say("silent-close", s:close())
C.say("connect-returned", m:connect(host, port, false, function(c)
  C.say("connected")
  C.say("wildcard-publish", c:publish(prefix .. "/+", "x", 0, 0))
  C.say("bad-filter-subscribe", c:subscribe(prefix .. "/#/x", 0))
  C.say("bad-filter-unsubscribe", c:unsubscribe(prefix .. "/#/x"))
  C.say("empty-subscribe", c:subscribe({}))
  C.say("empty-unsubscribe", c:unsubscribe({}))
  C.say("close", c:close())
  all("closed", c)
  C.say("done")
end, function(_, reason) C.say("fail", reason) end))
