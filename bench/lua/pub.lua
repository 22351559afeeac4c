-- bench: publish N QoS 1 messages of `size` bytes, keeping `window` of them
-- unacknowledged (the next goes out from a PUBACK callback); closes after the
-- last PUBACK. Prints "done <acked> <failed> <us first publish -> last PUBACK>".
-- arg: port topic n size window
local port, topic, n = tonumber(arg[1]), arg[2], tonumber(arg[3])
local size, window = tonumber(arg[4] or "100"), tonumber(arg[5] or "20")
local payload = string.rep("p", size)
local m = mqtt.Client("bench-pub", 60)
local sent, acked, failed, t0 = 0, 0, 0, 0
local onack
local function pubnext(c)
  sent = sent + 1
  if not c:publish(topic, payload, 1, 0, onack) then failed = failed + 1 end
end
onack = function(c, ok)
  acked = acked + 1
  if not ok then failed = failed + 1 end
  if sent < n then pubnext(c)
  elseif acked + failed >= n then
    print(string.format("done %d %d %.0f", acked, failed, node.uptime() - t0))
    c:close()
  end
end
m:connect("127.0.0.1", port, 0, function(c)
  t0 = node.uptime()
  for _ = 1, math.min(window, n) do pubnext(c) end
end, function(_, reason) print("fail " .. tostring(reason)) os.exit(3) end)
