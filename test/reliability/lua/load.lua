-- Load: `clients` clients in one runtime, each publishing `n` QoS 1 messages
-- ("seq <i>") to its own topic, `window` unacknowledged at a time, and
-- receiving them back through a QoS 1 subscription. Counts PUBACKs and
-- distinct arrivals per client; samples VmRSS when the clients have received
-- 2 x 1000 messages on average (end of the second thousand) and at the end.
-- arg: port clients n window
-- Prints "rss2 <KiB>", then "done acked=<a> received=<r> dups=<d> lost=<l> failed=<f> rssEnd=<KiB>".
local port, nc, n, window = tonumber(arg[1]), tonumber(arg[2]), tonumber(arg[3]), tonumber(arg[4] or "10")
local function rss()
  for l in io.lines("/proc/self/status") do
    local kb = l:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end
local totalRecv, totalAcked, dups, failed, finished = 0, 0, 0, 0, 0
local sampled = false
local clients = {}
local watchdog = tmr.create()
local lastTotal = -1

local function finish()
  watchdog:unregister()
  local lost = 0
  for _, st in ipairs(clients) do lost = lost + (n - st.distinct) end
  collectgarbage("collect")
  print(string.format("done acked=%d received=%d dups=%d lost=%d failed=%d rssEnd=%d", totalAcked, totalRecv, dups, lost, failed, rss()))
  for _, st in ipairs(clients) do st.c:close() end
end

local function checkDone(st)
  if not st.finished and st.distinct == n and st.acked >= n then
    st.finished = true
    finished = finished + 1
    if finished == nc then finish() end
  end
end

for i = 1, nc do
  -- arrivals in order are folded into `nextSeq`; only early ones are kept in
  -- `ahead`, so the bookkeeping does not grow with the run (RSS is measured)
  local st = { nextSeq = 1, ahead = {}, aheadN = 0, distinct = 0, acked = 0, sent = 0, finished = false }
  clients[i] = st
  local topic = "load/" .. i
  local c = mqtt.Client("load-" .. i .. "-" .. os.time(), 30)
  st.c = c
  local onack
  local function pubnext(cl)
    st.sent = st.sent + 1
    if not cl:publish(topic, "seq " .. st.sent, 1, 0, onack) then failed = failed + 1 end
  end
  onack = function(cl, ok)
    st.acked = st.acked + 1
    totalAcked = totalAcked + 1
    if not ok then failed = failed + 1 end
    if st.sent < n then pubnext(cl) end
    checkDone(st)
  end
  c:on("message", function(cl, _, payload)
    totalRecv = totalRecv + 1
    local s = tonumber(payload:match("^seq (%d+)"))
    if s < st.nextSeq or st.ahead[s] then
      dups = dups + 1
    elseif s == st.nextSeq then
      st.nextSeq = s + 1
      while st.ahead[st.nextSeq] do
        st.ahead[st.nextSeq] = nil
        st.aheadN = st.aheadN - 1
        st.nextSeq = st.nextSeq + 1
      end
    else
      st.ahead[s] = true
      st.aheadN = st.aheadN + 1
    end
    st.distinct = st.nextSeq - 1 + st.aheadN
    if not sampled and totalRecv >= 2000 * nc then
      sampled = true
      collectgarbage("collect")
      print("rss2 " .. rss()) io.stdout:flush()
    end
    checkDone(st)
  end)
  c:connect("127.0.0.1", port, 0, function(cl)
    cl:subscribe(topic, 1, function(cl2)
      for _ = 1, math.min(window, n) do pubnext(cl2) end
    end)
  end, function(_, r) print("fail " .. tostring(r)) os.exit(3) end)
end

-- nothing moved for 5 s: report what was lost and stop
watchdog:alarm(5000, tmr.ALARM_AUTO, function()
  local total = totalRecv + totalAcked
  if total == lastTotal then
    io.stderr:write("load: stalled\n")
    finish()
  end
  lastTotal = total
end)
