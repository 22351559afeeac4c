-- Both directions at once over a damaged link: publishes "up-1".."up-n" to
-- <prefix>/up at <qos>, one every <interval> ms whatever the connection state,
-- while receiving "down-*" on <prefix>/down. cleansession = 0, autoreconnect.
-- Prints "connect k", "offline k", "rx <payload>" per message, "refused i" for
-- a publish the module would not take, and "done <acks> <received> <distinct>
-- <connects> <offlines>" once every publish is acknowledged and n distinct
-- messages arrived.
-- args: host port clientid prefix qos n interval keepalive
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, prefix = arg[1], tonumber(arg[2]), arg[3], arg[4]
local qos, n, interval, keepalive = tonumber(arg[5]), tonumber(arg[6]), tonumber(arg[7]), tonumber(arg[8])

local m = mqtt.Client(id, keepalive, nil, nil, 0)
local sent, acks, received, distinct, connects, offlines = 0, 0, 0, 0, 0, 0
local seen = {}
local finished = false

local function check()
  if not finished and acks >= n and distinct >= n then
    finished = true
    C.say("done", acks, received, distinct, connects, offlines)
    m:on("offline", nil)
    m:close()
  end
end

local function startPublishing()
  tmr.create():alarm(interval, tmr.ALARM_AUTO, function(t)
    sent = sent + 1
    local i = sent
    if not m:publish(prefix .. "/up", "up-" .. i, qos, 0, function()
      acks = acks + 1
      check()
    end) then
      C.say("refused", i)
    end
    if sent >= n then
      t:unregister()
    end
  end)
end

m:on("offline", function()
  offlines = offlines + 1
  C.say("offline", offlines)
end)
m:on("message", function(_, _, payload)
  received = received + 1
  if not seen[payload] then
    seen[payload] = true
    distinct = distinct + 1
  end
  C.say("rx", payload)
  check()
end)
m:connect(host, port, 0, 1, function(c)
  connects = connects + 1
  C.say("connect", connects)
  if connects == 1 then
    c:subscribe(prefix .. "/down", qos, function(_, ok)
      C.say("subscribed", ok)
      startPublishing()
    end)
  end
end, function(_, reason) C.say("fail", reason) end)
