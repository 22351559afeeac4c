-- struct.unpack(): the values, then where to read on. Reads doubles until a zero.
local s = struct.pack("<ddd", 1.5, -2.25, 0)
local a, i = {}, 1
while true do
  local d
  d, i = struct.unpack("<d", s, i)
  if d == 0 then break end
  a[#a + 1] = d
end
print(#a, a[1], a[2], i)
--> 2	1.5	-2.25	25
