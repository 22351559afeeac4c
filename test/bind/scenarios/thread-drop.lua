-- With a tiny task queue and a busy Lua task, events from the thread are dropped:
-- each drop must be logged and counted, and the ones that arrive stay in order.
local e = emitter.Emitter("t")
local got, last = 0, 0
e:on("event", function(_, seq) assert(seq > last, "out of order"); last = seq; got = got + 1 end)
assert(e:spawn(100))
local t0 = os.clock()
while os.clock() - t0 < 0.3 do end -- keep the Lua task busy while the thread posts
tmr.create():alarm(300, tmr.ALARM_SINGLE, function() print("received " .. got) end)
