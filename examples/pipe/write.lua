-- p:write(s): appends any string, NUL bytes included.
local p = pipe.create()
p:write("a\0b")
p:write("c")
print(#p:read(10))
--> 4
