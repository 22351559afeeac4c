-- Drives values.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end
local unpack = unpack or table.unpack
local function fails(f, wording, ...)
  local ok, err = pcall(f, ...)
  return not ok and err:find(wording, 1, true) ~= nil
end

-- varargs and narrowing
check("varargs: count", values.count() == 0 and values.count(1, nil, 3) == 3 and values.count(nil) == 1)
check("varargs: narrowed reads", values.sum(2, 1, "abc", true, false, { 5, 6, x = 1 }, nil, print) == 2 + 3 + 1 + 200)
check("varargs: none", values.sum(3) == 0)
check("a pairs() value read as a boolean", values.truths({ true, false, 1, x = true, y = "true" }) == 2)
check("varargs after a union", values.tagged("ab", 1, nil) == 4 and values.tagged(10) == 10 and fails(values.tagged, "(number or string expected, got no value)")
  and fails(values.tagged, "(number or string expected, got table)", {}, 1))
check("varargs passed to a C function", values.weigh(1, "ab", true, {}, 4, nil) == 7)
check("isNil/isNumber/...: each Lua type", values.kind(1, nil) == 0 and values.kind(1, 1.5) == 1 and values.kind(1, "s") == 2
  and values.kind(1, false) == 3 and values.kind(1, {}) == 4 and values.kind(1, print) == 5 and values.kind(1, coroutine.create(function() end)) == 6)
check("past the last vararg: nil", values.kind(3, 1, 2) == 0 and values.kind(0, 1) == 0 and values.kind(-1, 1) == 0)
local t = {}
check("a vararg returned: the same value", values.nth(2, 1, t) == t and values.nth(1, "x") == "x" and values.nth(5, 1) == nil and count(values.nth(5)) == 1)
local h, hn = values.head(t, 2)
check("a LuaValue in a tuple", h == t and hn == 2 and values.head() == nil and select(2, values.head()) == 0 and count(values.head()) == 2)
check("a literal index", values.first(print) == print and values.first() == nil)
local many = {}
for i = 1, 199 do many[i] = i end
many[200] = "last"
check("many varargs", values.count(unpack(many, 1, 200)) == 200 and values.kind(200, unpack(many, 1, 200)) == 2 and values.sum(1, unpack(many, 1, 199)) == 19900)

-- a LuaValue parameter
check("same value back", values.same(t) == t and values.same(nil) == nil and values.same(false) == false and count(values.same(nil)) == 1)
check("function and table back", values.fn(print) == print and values.tbl(t) == t)
check("narrowed parameter", values.morph(21) == 42 and values.morph("abcd") == 4 and values.morph(true) == false and values.morph(t) == t)
check("compared with literals", values.compare("a", true) == 1 and values.compare("a", false) == 2 and values.compare("a", nil) == 3
  and values.compare("a", 5) == 4 and values.compare("a", 6) == 0 and values.compare("a", "5") == 0 and values.compare("a", 1) == 0)

-- wrong arguments: Lua's standard wording
check("a LuaValue argument may be nil, not absent", fails(values.same, "bad argument #1 to '") and fails(values.same, "(value expected)"))
check("a fixed argument before varargs", fails(values.sum, "(number expected, got string)", "x", 1) and fails(values.kind, "(number expected, got no value)"))
local m = values.Box(1)
check("method varargs: the fixed one checked", fails(m.setNth, "(number expected, got string)", m, "x"))

-- a LuaValue field
local b = values.Box(t)
check("field: kept by the constructor", b:get() == t and b:has())
b:set("str")
check("field: overwritten", b:get() == "str")
b:setNth(2, 1, 2.5, 3)
check("field: a vararg kept", b:get() == 2.5)
b:setNth(9, 1)
check("field: past the last vararg is nil", b:get() == nil and count(b:get()) == 1 and not b:has())
b:set(print)
b:clear()
check("field: cleared", b:get() == nil and not b:has())

-- released on overwrite and with the box: the registry no longer keeps them
local weak = setmetatable({}, { __mode = "v" })
do
  local t1, t2 = {}, {}
  weak[1], weak[2] = t1, t2
  b:set(t1)
  b:set(t2)
  local b2 = values.Box(t2)
  weak[3] = b2
end
collectgarbage(); collectgarbage()
check("released on overwrite", weak[1] == nil and b:get() == weak[2])
b:set(nil)
collectgarbage(); collectgarbage()
check("released by __gc", weak[2] == nil and weak[3] == nil)

-- a callback's result
local c = values.Box(0)
check("no callback: nil", c:ask() == nil and c:poke(1) == 0)
c:on(function(self, x) return x > 2 end)
check("callback result: true counts", c:poke(1) == 0 and c:poke(3) == 1 and c:poke(5) == 2)
c:on(function(self, x) return x * 10, "more" end)
check("callback result: the first of several", c:poke(2) == 22)
c:on(function() return t end)
check("callback result: returned as it is", c:ask() == t and count(c:ask()) == 1)
c:on(function(self, i) if i == 7 then return false end if i % 2 == 0 then return nil end return "abc" end)
local total, depth = c:loop(6)
check("in a loop: continue, stack balanced", total == 9 and depth == 2)
total, depth = c:loop(100)
check("in a loop: break, stack balanced", total == 9 and depth == 2)
c:on(function(self, i) return i % 3 == 0 and "x" or nil end)
total, depth = c:loop(100000)
check("in a long loop", total == 33334 and depth == 2)
c:on(function(self, x) return x + 1 end)
total, depth = c:spin(1000)
check("in a C function of its own: popped on return", total == 2000 and depth == 2)
c:on(function() return "no" end)
total, depth = c:spin(1000)
check("in a C function of its own: the other return", total == -1000 and depth == 2)
print("done")
