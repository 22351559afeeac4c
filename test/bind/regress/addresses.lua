-- Drives addresses.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

local b = addresses.Buffer()
check("copy from a byte of the string", b:copy("hello world", 6) == 5 and b:byte(0) == 119 and b:byte(4) == 100)
check("copy at most 8", b:copy("abcdefghijkl", 1) == 8 and b:byte(0) == 98 and b:byte(7) == 105)
check("copy nothing at the end", b:copy("abc", 3) == 0)
local ok, err = pcall(b.copy, b, "abc", 4)
check("outside the string is a Lua error", not ok and err:find("bad argument #3 to '", 1, true) ~= nil and err:find("' (outside the string)", 1, true) ~= nil)
check("addr of struct fields and of the struct", b:setPair(3, 4) == 300 + 40 + 7 + 14)
print("done")
