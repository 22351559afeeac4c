-- A burst of messages while the Lua task is busy for `busy` seconds and its queue
-- is tiny (NODEMCU_HOST_TASK_QUEUE_LEN): the MQTT task waits for a slot as long as it takes;
-- nothing is dropped.
-- args: host port clientid busy
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, busy = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4] or "0.5")

local m = mqtt.Client(id, 30)
local received = 0
m:on("message", function(c)
  received = received + 1
  if received == 1 then
    -- keep the Lua task busy while the rest of the burst arrives
    local t0 = os.clock()
    while os.clock() - t0 < busy do end
    -- report once the burst is over: nothing new for 1 s (a fixed delay was flaky on a loaded machine)
    local seen = -1
    local t = tmr.create()
    t:alarm(1000, tmr.ALARM_AUTO, function()
      if received ~= seen then seen = received; return end
      t:unregister()
      C.say("received", received)
      c:close()
      C.say("done")
    end)
  end
end)
m:connect(host, port, function(c)
  c:subscribe("flood/" .. id, 0, function() C.say("ready") end)
end, function(_, reason) C.say("fail", reason) end)
