-- p:read([size/end_char]): a record by size or up to a delimiter ("+" keeps it),
-- "\n+" by default; nil once the pipe is empty.
local p = pipe.create()
p:write("alpha\nbeta,gamma")
print(p:read() == "alpha\n")
print(p:read(","))
print(p:read(3))
print(p:read(50))
print(p:read())
--> true
--> beta
--> gam
--> ma
--> nil
