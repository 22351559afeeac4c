-- Drives taskdata.ts; prints one "ok"/"FAIL" line per check, then "done".
-- A POSIX thread posts N pairs of tasks carrying a list of byte strings and a
-- table-shaped payload; its buffers are spoilt right after each post, so the
-- callback only sees the right bytes when the post copied them.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function keys(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end

check("a list returned: a slice", #taskdata.words(2) == 2 and taskdata.words(2)[2] == "two" and keys(taskdata.words(2)) == 2)
check("a slice clamps as JavaScript's", #taskdata.words(7) == 3 and taskdata.words(7)[3] == "three" and #taskdata.words(-1) == 2 and #taskdata.words(-5) == 0)
check("a list literal returned", #taskdata.evens() == 3 and taskdata.evens()[3] == 6 and #taskdata.none() == 0 and type(taskdata.none()) == "table")
check("lists read by a plain C function", taskdata.sum(1, 2, 3) == 6 + 6 + 5)
local p = taskdata.props(1)
check("a table holding a list", #p.user_properties == 1 and p.user_properties[1].key == "a" and p.user_properties[1].value == "1" and p.content_type == "text/plain" and p.sizes[2] == 1)
check("a table holding an empty list", #taskdata.props(0).user_properties == 0 and #taskdata.props(9).user_properties == 2)

local N = 40
local lists, messages, ints, bad = {}, {}, {}, {}
local sink = taskdata.Sink(function(self, seq, a, b, n)
  if seq < 0 then
    ints[-seq] = { values = a, at = b }
  elseif type(a) == "table" then
    lists[seq] = a
  else
    messages[seq] = { topic = a, props = b, n = n }
  end
end)
-- what the thread's post for seq must carry
local function want_list(seq)
  local d = tostring(seq % 10)
  return ({ {}, { "k" .. d }, { "k" .. d, "v" .. d }, { "k" .. d, "v" .. d, "" } })[seq % 4 + 1]
end
local function same_list(a, b)
  if #a ~= #b or keys(a) ~= #b then return false end
  for i = 1, #b do if a[i] ~= b[i] then return false end end
  return true
end
local function want_props(seq, m)
  local d = tostring(seq % 10)
  local p, up = m.props, m.props.user_properties
  local pairs_ = { { "k" .. d, "v" }, { "k", "v" .. d }, { "k\0", "" } }
  if m.topic ~= "k" .. d .. "v" .. d or m.n ~= seq % 4 or #up ~= seq % 4 then return false end
  for i = 1, #up do
    if up[i].key ~= pairs_[i][1] or up[i].value ~= pairs_[i][2] or keys(up[i]) ~= 2 then return false end
  end
  return p.message_expiry == seq * 60 and p.content_type == "k" .. d .. "v" and p.response_topic == "reply/to"
    and p.correlation_data == "\0\1\2" and p.payload_format == (seq % 2 == 0)
    and p.sizes[1] == seq and p.sizes[2] == -seq and #p.sizes == 2
    and p.origin.x == seq and p.origin.y == 2 * seq and keys(p) == 8
end

-- from the Lua task itself first: the queue (100 slots) takes them all
check("posted from the Lua task", taskdata.flood(5) == 10)

check("thread started", sink:spawn(N))
local t = tmr.create()
local waited = 0
t:alarm(20, tmr.ALARM_AUTO, function()
  waited = waited + 1
  local got = 0
  for seq = 1, N do if lists[seq] and messages[seq] and ints[seq] then got = got + 1 end end
  if got < N and waited < 250 then return end
  t:unregister()
  -- flood's seq 1..5 came first and were overwritten by the thread's 1..5: same contents
  local lok, mok = true, true
  for seq = 1, N do
    if not lists[seq] or not same_list(lists[seq], want_list(seq)) then lok = false; bad[#bad + 1] = "list " .. seq end
    if not messages[seq] or not want_props(seq, messages[seq]) then mok = false; bad[#bad + 1] = "message " .. seq end
  end
  check("every list from the thread, copied (" .. table.concat(bad, ", ") .. ")", lok)
  check("every payload from the thread, copied deeply", mok)
  local iok = true
  for seq = 1, N do
    local v = ints[seq]
    if not v or #v.values ~= 3 or v.values[1] ~= seq or v.values[3] ~= 3 * seq or v.at.x ~= seq or v.at.y ~= -seq then iok = false end
  end
  check("a list literal of integers and a flat interface from the thread", iok)
  check("the copies outlive the tasks", (function() collectgarbage(); collectgarbage(); return lists[3][2] == "v3" and messages[7].props.user_properties[3].key == "k\0" end)())
  sink = nil
  collectgarbage()
  print("done")
end)
