-- e:fire(): optional arguments may be left out in the middle when the next one's
-- type tells them apart: a string is the label, a function the "done" callback.
local e = emitter.Emitter("default")
e:on("event", function(self, i, label) print(i .. ": " .. label) end)
print("fired " .. e:fire(1, "custom", function() print("done") end))
--> 1: custom
--> done
--> fired 1
