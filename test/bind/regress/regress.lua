-- Drives regress.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

local b = regress.Box()
check("keyword field", b:keyword() == 6)
check("int array field initialised", b:count(0) == 7 and b:count(3) == 7)
check("user function named equals", b:userEquals(1, 2) == true and b:userEquals(1, 1) == false)

local got = {}
b:hold(0, function(i) got[#got + 1] = i end)
b:hold(1, function(i) got[#got + 1] = 10 + i end)
b:call(0)
b:call(1)
b:call(2) -- an unset ref: nothing is called
check("refs in an array field", #got == 2 and got[1] == 0 and got[2] == 11)

check("pairs with continue", b:sum({ 1, 2, "x", 3 }) == 6)
check("pairs with break", b:sum({ 1, 2, 100 }) == 3)
check("pairs nested", b:nested({ ab = {}, cd = 1, [5] = 2 }, { xy = 1, z = 2 }) == 2)
check("stack balanced", select("#", b:sum({ 1, 100, 2 })) == 1)
check("one push: return inside pairs", b:firstNumber({ "x", 4 }, 1) == 8 and select("#", b:firstNumber({ 5, 6 }, 0)) == 1)
check("one push: returns after the loop", b:firstNumber({}, -3) == 3 and b:firstNumber({ "y" }, 1) == 7)

local okFmt, errFmt = pcall(b.tooLong, b, "topic", 7)
check("luaError with a format", not okFmt and errFmt:find("topic: 7 bytes is over 3%", 1, true) ~= nil)
check("luaError not raised", pcall(b.tooLong, b, "topic", 2))

-- the refs an array field holds are released by __gc: the functions can be collected
local weak = setmetatable({}, { __mode = "k" })
do
  local c = regress.Box()
  local f = function() end
  weak[f] = true
  c:hold(2, f)
end
collectgarbage("collect")
collectgarbage("collect")
collectgarbage("collect")
local left = 0
for _ in pairs(weak) do left = left + 1 end
check("array refs released by __gc", left == 0)

-- `this` kept in a ref (by a method, by the constructor) keeps the userdata alive until released
local function alive(t) collectgarbage("collect") collectgarbage("collect") local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local held = setmetatable({}, { __mode = "k" })
do
  local a = regress.Box()
  a:anchor()
  held[a] = true
  held[regress.Pinned()] = true
end
check("this in a ref keeps the userdata", alive(held) == 2)
for k in pairs(held) do if k.unanchor then k:unanchor() else k:unpin() end end
check("released, it is collected", alive(held) == 0)
check("a private method that does not read this", regress.Pinned():twice(21) == 42)
print("done")
