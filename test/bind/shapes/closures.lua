-- Drives closures.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end

-- the issue's example: a counter closure over the object and a parameter
local c = closures.Counter(10)
local inc = c:counter(5)
check("a closure is a Lua function", type(inc) == "function")
check("it adds its step to the object", inc() == 15 and inc() == 20 and c:get() == 20)

-- two closures over one object share it
local by1, by100 = c:counter(1), c:counter(100)
check("two closures, one object", by1() == 21 and by100() == 121 and by1() == 122 and c:get() == 122)

-- the closure keeps the object alive after every other reference is gone
local orphan = closures.Counter(1):counter(2)
collectgarbage()
collectgarbage()
local junk = {}
for i = 1, 2000 do junk[i] = closures.Counter(i) end
junk = nil
collectgarbage()
collectgarbage()
check("it keeps its object alive", orphan() == 3 and orphan() == 5)

-- arguments: read as a Lua function's are, several results
local add = c:adder(3, "lbl")
local k, label, twice = add(2)
check("arguments and several results", k == 128 and label == "lbl" and twice == 6 and count(add(0)) == 3)
check("an optional argument", add(1, 1000) == 131 + 1000)
local ok, err = pcall(add, "x")
check("a bad argument is Lua's error", not ok and err:find("bad argument #1", 1, true) ~= nil and err:find("number expected, got string", 1, true) ~= nil)
ok, err = pcall(add, 1.5)
check("an integer argument is checked", not ok and err:find("number has no integer representation", 1, true) ~= nil)

-- LuaFunction | null: nil, or a closure with an inferred bool result
check("nil for null", c:passed(-1) == nil and count(c:passed(-1)) == 1)
local passed = closures.Counter(0):passed(2)
check("a closure returning a bool", passed() == false)

-- a captured Lua function: kept in a ref by the closure, then called with the object
local seen
local c2 = closures.Counter(7)
local keep = c2:keeper(function(obj, k) seen = { obj, k }; return k * 2, "more" end)
keep()
check("a captured function", seen ~= nil and seen[1] == c2 and seen[2] == 7)
local ping = c2:ping()
check("a block body returns nothing", count(keep()) == 0)
check("a concise callLua() body returns the callback's first result", count(ping()) == 1 and ping() == 16 and seen[1] == c2 and seen[2] == 8)

-- a module function's closure over parameters only
local scale = closures.scaler(1.5, "nm", 3, true)
local x, name, loud = scale(4, 1)
check("captured number, string, bool", x == 6 and name == "nm" and loud == true)
x, name = scale(2, 3)
check("nil in a closure's results", x == 3 and name == nil and count(scale(2, 3)) == 3)

-- a captured table: the same table, read when the closure runs
local t = { a = 1, b = 2, [1] = "x" }
local keys = closures.keys(t)
check("a captured table", keys() == 2)
t.c = 3
check("it is the table itself, not a copy", keys() == 3)

-- a closure called from a coroutine uses the coroutine's state
local co = coroutine.wrap(function() return inc() end)
check("from a coroutine", co() == 1136 and c:get() == 1136)

-- the closure's strings outlive the call that made them
local s1 = closures.scaler(1, string.rep("z", 40) .. "!", 5, false)
collectgarbage()
collectgarbage()
local _, long = s1(0, 0)
check("a captured long string", long == string.rep("z", 40) .. "!")
-- two arrows of one method: two C functions
local c3 = closures.Counter(1)
local set, read = c3:access(true), c3:access(false)
set(42)
check("a setter and a getter", read() == 42 and c3:get() == 42 and count(set(1)) == 0)
check("a function spelling a closure's C name", closures.keys_fn() == 7 and closures.keys({ x = 1 })() == 1)
print("done")
