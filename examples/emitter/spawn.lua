-- e:spawn(): a POSIX thread raises the events; they reach Lua through the task queue.
local e = emitter.Emitter("t")
local got = 0
e:on("event", function() got = got + 1 end)
print("spawned: " .. tostring(e:spawn(3)))
local t = tmr.create()
t:alarm(10, tmr.ALARM_AUTO, function(timer)
  if got == 3 then
    timer:unregister()
    print("events: " .. got)
  end
end)
--> spawned: true
--> events: 3
