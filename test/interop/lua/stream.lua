-- Both directions at once over a damaged link: publishes "up-1".."up-n" to
-- <prefix>/up at <qos>, one every <interval> ms whatever the connection state,
-- while receiving "down-*" on <prefix>/down. autoreconnect; cleansession as
-- given (0 keeps the session; 1 subscribes again at every connect).
-- Every publish callback must be called exactly once: "acked" counts ok = true,
-- "failed" ok = false, and a second call of one prints "double i".
-- Prints "connect k", "offline k", "rx <payload>" per message, "refused i" for
-- a publish the module would not take, "progress ..." every 5 s, and
-- "done <acked> <failed> <received> <distinct> <connects> <offlines>" once
-- every publish has called back and (with <waitdown> 1) n distinct messages arrived.
-- args: host port clientid prefix qos n interval keepalive [cleansession] [waitdown]
local C = dofile(arg[0]:match("^(.*/)") .. "../../mqtt/scenarios/common.lua")
local host, port, id, prefix = arg[1], tonumber(arg[2]), arg[3], arg[4]
local qos, n, interval, keepalive = tonumber(arg[5]), tonumber(arg[6]), tonumber(arg[7]), tonumber(arg[8])
local clean, waitdown = tonumber(arg[9] or 0), tonumber(arg[10] or 1)

local m = mqtt.Client(id, keepalive, nil, nil, clean)
local sent, acked, failed, refused, received, distinct, connects, offlines = 0, 0, 0, 0, 0, 0, 0, 0
local called = {}
local seen = {}
local finished = false

local function check()
  -- a refused publish has no callback to wait for
  if not finished and acked + failed + refused >= n and (waitdown == 0 or distinct >= n) then
    finished = true
    C.say("done", acked, failed, received, distinct, connects, offlines)
    m:on("offline", nil)
    m:close()
  end
end

local function startPublishing()
  tmr.create():alarm(interval, tmr.ALARM_AUTO, function(t)
    sent = sent + 1
    local i = sent
    if not m:publish(prefix .. "/up", "up-" .. i, qos, 0, function(_, ok)
      if called[i] then
        C.say("double", i, tostring(ok))
        return
      end
      called[i] = true
      if ok then acked = acked + 1 else failed = failed + 1 end
      check()
    end) then
      C.say("refused", i)
      refused = refused + 1
    end
    if sent >= n then
      t:unregister()
    end
  end)
  tmr.create():alarm(5000, tmr.ALARM_AUTO, function(t)
    if finished then t:unregister() return end
    C.say("progress", sent, acked, failed, received, distinct)
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
  elseif clean == 1 then
    -- a clean session forgot the subscription
    c:subscribe(prefix .. "/down", qos)
  end
end, function(_, reason) C.say("fail", reason) end)
