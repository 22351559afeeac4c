-- Two clients subscribed to one topic; while their messages pile up in the
-- task queue (the Lua task is busy), client A is closed and connected again
-- (a new connection that subscribes to nothing). With a tiny queue A's MQTT
-- task is waiting for a slot then: close() must not wait for it forever. A's
-- queued events belong to its old connection: none may reach its callbacks
-- now, nor B's.
-- Prints "ready", then "a-before <n>", "a-after <n>", "b <n> <distinct>", "done".
-- args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]
local topic = "routing/" .. id

local a, b = mqtt.Client(id .. "-a", 30), mqtt.Client(id .. "-b", 30)
local switched = false
local aBefore, aAfter, bCount, bDistinct, bSeen = 0, 0, 0, 0, {}
local subs = 0
local function subscribed()
  subs = subs + 1
  if subs == 2 then C.say("ready") end
end
a:on("message", function()
  if switched then aAfter = aAfter + 1 else aBefore = aBefore + 1 end
end)
local function report()
  local seen = -1
  local t = tmr.create()
  t:alarm(1500, tmr.ALARM_AUTO, function()
    if bCount ~= seen then seen = bCount; return end
    t:unregister()
    C.say("a-before", aBefore)
    C.say("a-after", aAfter)
    C.say("b", bCount, bDistinct)
    a:close()
    b:close()
    C.say("done")
  end)
end
b:on("message", function(_, _, payload)
  bCount = bCount + 1
  if not bSeen[payload] then bSeen[payload] = true; bDistinct = bDistinct + 1 end
  if bCount == 1 then
    -- busy while the burst arrives: events of both connections queue up
    local t0 = os.clock()
    while os.clock() - t0 < 1 do end
    switched = true
    a:close()
    a:connect(host, port, function() C.say("a-reconnected") end)
    report()
  end
end)
a:connect(host, port, function(c) c:subscribe(topic, 0, subscribed) end)
b:connect(host, port, function(c) c:subscribe(topic, 0, subscribed) end)
