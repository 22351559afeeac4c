-- Events raised on a POSIX thread reach the Lua callback through the task queue, in order.
local n = tonumber(arg[1])
local e = emitter.Emitter("t")
local got = {}
e:on("event", function(self, seq, payload, flag)
  got[#got + 1] = seq
  assert(self == e and payload == "from\0thread" and flag == true)
end)
assert(e:spawn(n))
local t = tmr.create()
t:alarm(10, tmr.ALARM_AUTO, function()
  if #got == n then
    t:unregister()
    for i = 1, n do assert(got[i] == i, "out of order") end
    print("thread events: " .. #got)
  end
end)
