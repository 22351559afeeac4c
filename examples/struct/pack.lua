-- struct.pack(): values into a C-struct-like string; here a big-endian
-- 32-bit integer, and a string prefixed with its length in one byte.
print(struct.pack(">I4", 0x41424344))
local s = "hello"
local x = struct.pack("Bc0", #s, s)
print(#x, x:sub(2))
--> ABCD
--> 6	hello
