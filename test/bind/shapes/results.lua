-- Drives results.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end

local a, b, c, nxt = results.bytesOf("ABC")
check("the list's values, then the value after it", a == 65 and b == 66 and c == 67 and nxt == 4 and count(results.bytesOf("ABC")) == 4)
check("integers, as the rest element says", math.type == nil or math.type((results.bytesOf("A"))) == "integer")
check("from an index", count(results.bytesOf("ABC", 3)) == 2 and results.bytesOf("ABC", 3) == 67)
check("an empty list: only the value after it", count(results.bytesOf("")) == 1 and results.bytesOf("") == 1)
local ok, err = pcall(results.bytesOf, "x", 0)
check("an error instead of results", not ok and err:find("from must be at least 1", 1, true) ~= nil)

-- more values than LUA_MINSTACK (20) leaves room for: luaL_checkstack grows the stack
local long = string.rep("\7", 5000)
local all = { results.bytesOf(long) }
check("5000 values and one more", #all == 5001 and all[1] == 7 and all[5000] == 7 and all[5001] == 5001)

local n, s1, s2, whole, half = results.words("a b c")
check("a value before the list: moved below its values", n == 2 and s1 == "space" and s2 == "space" and whole == "a b c" and half == 1)
check("count of mixed kinds", count(results.words("a b c")) == 5 and count(results.words("abc")) == 3)
check("a number in the rest stays a number", select(3, results.words("xy")) == 0)

check("no values at all", count(results.some(0)) == 0)
local t = { results.some(3) }
check("only the list", #t == 3 and t[1] == true and t[2] == false and t[3] == true)
ok, err = pcall(results.some, "x")
check("argument errors as usual", not ok and err:find("number expected", 1, true) ~= nil)
-- the list's values sit above the arguments: a call inside another call's arguments keeps them apart
check("nested in a call", select("#", results.some(2), results.some(1)) == 2)
print("done")
