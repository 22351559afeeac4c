-- e:configure(): an integer, or a table whose fields are read by name.
local e = emitter.Emitter("x")
print(e:configure(5))
print(e:configure({ step = 3, label = "renamed" }))
print(e:label_())
--> 5
--> 3
--> renamed
