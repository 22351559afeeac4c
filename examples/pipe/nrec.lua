-- p:nrec(): the number of internal records, each of 1 to 256 bytes.
local p = pipe.create()
print(p:nrec())
p:write(string.rep("z", 1000))
print(p:nrec())
--> 0
--> 4
