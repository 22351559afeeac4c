-- p:reader([size/end_char]): an iterator over the records, for a `for` loop.
local p = pipe.create()
p:write("r1;r2;r3")
for rec in p:reader(";") do print(rec) end
p:write(string.rep("x", 600))
for rec in p:reader(256) do print(#rec) end
--> r1
--> r2
--> r3
--> 256
--> 256
--> 88
