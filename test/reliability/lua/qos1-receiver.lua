-- Receives a numbered QoS 1 stream ("seq <i>", i = 1..n) on a persistent
-- session (cleansession = 0) with autoreconnect, and counts every arrival.
-- arg: port topic n clientid
-- Prints "ready" after the first SUBACK, "offline"/"online" on each drop and
-- reconnect, and at the end "all <n> arrivals=<a> dups=<d> reconnects=<r>".
local port, topic, n, id = tonumber(arg[1]), arg[2], tonumber(arg[3]), arg[4]
local seen, distinct, arrivals, dups, reconnects, ready = {}, 0, 0, 0, 0, false
local m = mqtt.Client(id, 5, nil, nil, 0)
local progress = tmr.create()
m:on("offline", function() print("offline") io.stdout:flush() end)
m:on("message", function(c, _, payload)
  arrivals = arrivals + 1
  local i = tonumber(payload:match("^seq (%d+)"))
  if not i then print("bad payload " .. payload) return end
  if seen[i] then dups = dups + 1 else seen[i] = true; distinct = distinct + 1 end
  if distinct == n then
    print(string.format("all %d arrivals=%d dups=%d reconnects=%d", n, arrivals, dups, reconnects - 1))
    progress:unregister()
    c:close()
  end
end)
-- connect()'s callback is the "connect" callback: it runs on every (re)connection
m:connect("127.0.0.1", port, 0, 1, function(c)
  reconnects = reconnects + 1
  print("online " .. reconnects) io.stdout:flush()
  c:subscribe(topic, 1, function(_, ok)
    if not ready then ready = true; print("ready " .. tostring(ok)) io.stdout:flush() end
  end)
end, function(_, r) print("fail " .. tostring(r)) os.exit(3) end)
-- progress report for the test's failure message
progress:alarm(1000, tmr.ALARM_AUTO, function()
  io.stderr:write(string.format("progress distinct=%d arrivals=%d\n", distinct, arrivals))
end)
