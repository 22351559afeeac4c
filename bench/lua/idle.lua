-- bench: connect `n` clients, wait until all are connected, let them idle
-- for `settle_ms`, print "rss <KiB>" (VmRSS of this process), close all.
-- arg: port n settle_ms
local port, n, settle = tonumber(arg[1]), tonumber(arg[2]), tonumber(arg[3] or "500")
local clients, up = {}, 0
local function rss()
  for l in io.lines("/proc/self/status") do
    local kb = l:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end
local function report()
  collectgarbage("collect")
  print("rss " .. rss())
  for _, c in ipairs(clients) do c:close() end
end
for i = 1, n do
  local c = mqtt.Client("idle-" .. i .. "-" .. tostring(os.time()), 60)
  clients[i] = c
  c:connect("127.0.0.1", port, 0, function()
    up = up + 1
    if up == n then tmr.create():alarm(settle, tmr.ALARM_SINGLE, report) end
  end, function(_, r) print("fail " .. tostring(r)) os.exit(3) end)
end
