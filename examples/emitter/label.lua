-- e:label_(): the label the emitter holds (a registry reference to the Lua string).
local e = emitter.Emitter("kept")
print(e:label_())
--> kept
