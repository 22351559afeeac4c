-- n QoS 1 publishes with callbacks to the client's own QoS 1 subscription;
-- the first message's callback keeps the Lua task busy for `busy` seconds
-- while the rest are in flight. Every ack callback and every message must
-- arrive. Prints "acks <n>", "messages <distinct>", "done" (or "stuck ..."
-- if they do not within `busy` + 60 s). args: host port clientid n busy
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, n, busy = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4]), tonumber(arg[5])
local topic = "busy/" .. id

local m = mqtt.Client(id, 60)
local acks, distinct, seen, finished = 0, 0, {}, false
local watchdog
local function check(c)
  if not finished and acks == n and distinct == n then
    finished = true
    watchdog:unregister()
    C.say("acks", acks)
    C.say("messages", distinct)
    c:close()
    C.say("done")
  end
end
m:on("message", function(c, _, payload)
  if distinct == 0 then
    local t0 = os.clock()
    while os.clock() - t0 < busy do end
    C.say("busy-over")
  end
  if not seen[payload] then
    seen[payload] = true
    distinct = distinct + 1
  end
  check(c)
end)
m:connect(host, port, function(c)
  watchdog = C.after((busy + 60) * 1000, function()
    C.say("stuck", "acks", acks, "messages", distinct)
    c:close()
  end)
  c:subscribe(topic, 1, function()
    for i = 1, n do
      c:publish(topic, tostring(i), 1, 0, function(_, ok)
        if ok then acks = acks + 1 end
        check(c)
      end)
    end
    C.say("published", n)
  end)
end, function(_, reason) C.say("fail", reason) end)
