-- Drives lifetime.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

local got = {}
local d = lifetime.Doubler(function(s) got[#got + 1] = s end)
check("callback got the doubled string", d:twice("ab") == 97 * 2 + 98 * 2 and got[1] == "abab")
check("binary safe", d:twice("a\0") == 97 * 2 and got[2] == "a\0a\0")
check("empty", d:twice("") == 0 and got[3] == "")
local long = string.rep("xyz", 1000)
check("long string", d:twice(long) == (120 + 121 + 122) * 2000 and got[4] == long .. long)
d:keep("hello")
check("view of the userdata's buffer", d:kept() == "hello")
d:keep(string.rep("q", 40))
check("kept at most 16 bytes", d:kept() == string.rep("q", 16))
collectgarbage("collect")
check("the strings Lua got outlive the buffer", got[1] == "abab" and got[4] == long .. long)
print("done")
