-- bench: receive N QoS 0 messages on a topic; prints "ready" after SUBACK,
-- then "done <count> <first_us> <last_us>" (node.uptime, microseconds).
-- arg: port topic n [idle_ms]
local port, topic, n = tonumber(arg[1]), arg[2], tonumber(arg[3])
local idle = tonumber(arg[4] or "2000")
local count, first, last = 0, nil, nil
local m = mqtt.Client("bench-recv", 60)
local guard = tmr.create()
local function finish()
  guard:unregister()
  print(string.format("done %d %.0f %.0f", count, first or 0, last or 0))
  m:close()
end
m:on("message", function(_, _, _)
  local t = node.uptime()
  if not first then first = t end
  last = t
  count = count + 1
  if count >= n then finish() end
end)
m:connect("127.0.0.1", port, 0, function(c)
  c:subscribe(topic, 0, function() print("ready") io.stdout:flush() end)
end, function(_, reason) print("fail " .. tostring(reason)) os.exit(3) end)
-- stop when no message came for `idle` ms (messages lost)
local seen = -1
guard:alarm(idle, tmr.ALARM_AUTO, function()
  if seen == count and count > 0 then finish() end
  seen = count
end)
