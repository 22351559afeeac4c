-- e:on(): "event" gets (emitter, i * step, label, loud); "done" gets (emitter).
local e = emitter.Emitter("beat")
e:on("event", function(self, i, label, loud) print(label .. " " .. i .. " loud=" .. tostring(loud)) end)
e:on("done", function() print("done") end)
e:fire(1, true, nil, function() print("done") end)
e:on("event", nil)
e:fire(3) -- no callback any more: nothing printed
--> beat 1 loud=true
--> done
