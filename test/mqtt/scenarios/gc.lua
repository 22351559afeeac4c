-- Clients collected while operations and events are pending (run under ASan/UBSan).
-- args: host port clientid rounds
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, rounds = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])
local topic = "gc/" .. id

-- whether every client put in `weak` was collected: a weak-keyed table forgets
-- collected keys (a finalized userdata key goes one cycle later: collect thrice)
local function collected(weak)
  for _ = 1, 3 do collectgarbage() end
  return next(weak) == nil
end

-- never connected, with a will and callbacks: collected
local idle = setmetatable({}, { __mode = "k" })
do
  local m = mqtt.Client(id .. "-idle", 30)
  m:lwt(topic, "will", 1, 1)
  m:on("message", print)
  idle[m] = true
end
C.say("idle-collected", collected(idle))

local function finish()
  -- an unreferenced client stays alive while connected: its pending callback still fires
  do
    local m = mqtt.Client(id .. "-kept", 30)
    m:connect(host, port, function(c)
      c:publish(topic, "kept", 1, 0, function(c2, ok)
        C.say("kept-alive-callback", ok)
        c2:close()
        -- closed, it no longer keeps itself alive: once unreferenced it is collected
        local closed = setmetatable({}, { __mode = "k" })
        closed[c2] = true
        collectgarbage()
        C.after(300, function()
          C.say("closed-collected", collected(closed))
          C.say("survived")
        end)
      end)
      collectgarbage()
    end)
  end
  collectgarbage()
end

-- An operation's callback: "ended <name> <ok>" at its one call, "late-<name>" at any later one.
local function once(name)
  local called = false
  return function(_, ok)
    C.say(called and ("late-" .. name) or ("ended " .. name), tostring(ok))
    called = true
  end
end

local function round(i)
  local m = mqtt.Client(id .. "-" .. i, 30)
  m:on("message", function() C.say("late-message", i) end)
  m:on("offline", function() C.say("offline", i) end)
  m:connect(host, port, function(c)
    c:subscribe(topic, 1, once("subscribe-" .. i))
    for k = 1, 3 do
      -- QoS 1, 2, 0
      c:publish(topic, "x" .. k, k % 3, 0, once("publish-" .. i .. "-" .. k))
    end
    c:unsubscribe(topic, once("unsubscribe-" .. i))
    -- nothing was acknowledged yet: close() calls each back, before it returns
    c:close()
    C.say("closed", i)
    m = nil
    collectgarbage()
    if i < rounds then
      round(i + 1)
    else
      C.after(300, function()
        collectgarbage()
        C.say("rounds-done", rounds)
        finish()
      end)
    end
  end, function(_, reason) C.say("fail", reason) end)
end
round(1)
