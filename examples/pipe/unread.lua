-- p:unread(s): puts a string back at the head, e.g. to back out a read.
local p = pipe.create()
p:write("first\nsecond\n")
local a = p:read()
p:unread(a)
print(p:read("\n"))
--> first
