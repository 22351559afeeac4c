-- Unacknowledged QoS 1 publishes across a lost connection: connects
-- (cleansession = 0, autoreconnect), publishes "o-1".."o-<n>" <delay> ms after
-- the first connect, prints "puback i" for each acknowledgement, "connect k",
-- "offline k", and "done" once all are acknowledged.
-- args: host port clientid topic n delay
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, topic, n, delay = arg[1], tonumber(arg[2]), arg[3], arg[4], tonumber(arg[5]), tonumber(arg[6])

local m = mqtt.Client(id, 30, nil, nil, 0)
local connects, offlines, acks = 0, 0, 0
m:on("offline", function()
  offlines = offlines + 1
  C.say("offline", offlines)
end)
m:connect(host, port, 0, 1, function(c)
  connects = connects + 1
  C.say("connect", connects)
  if connects > 1 then return end
  C.after(delay, function()
    for i = 1, n do
      C.say("publish", i, c:publish(topic, "o-" .. i, 1, 0, function()
        acks = acks + 1
        C.say("puback", i)
        if acks == n then
          c:on("offline", nil)
          c:close()
          C.say("done")
        end
      end))
    end
  end)
end, function(_, reason) C.say("fail", reason) end)
