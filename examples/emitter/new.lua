-- emitter.Emitter(): a userdata with a label and a step (default 1).
local e = emitter.Emitter("tick", 10)
e:on("event", function(self, i, label) print(label .. " " .. i) end)
e:fire(2)
--> tick 10
--> tick 20
