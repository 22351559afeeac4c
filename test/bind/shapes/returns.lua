-- Drives returns.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end

check("T | null: nil", returns.stars(-1) == nil and count(returns.stars(-1)) == 1)
check("T | null: the value", returns.stars(5) == "many" and returns.stars(1) == "few")
check("int | null", returns.maybeInt(0) == nil and returns.maybeInt(4) == 8 and count(returns.maybeInt(0)) == 1)
check("number | null", returns.maybeNumber(-1) == nil and returns.maybeNumber(3) == 1.5)
check("bool | null", returns.maybeBool(0) == nil and returns.maybeBool(1) == true and returns.maybeBool(-1) == false)
local q, r = returns.divmod(17, 5)
check("two results", q == 3 and r == 2 and count(returns.divmod(17, 5)) == 2)
local ok, err = pcall(returns.divmod, 1, 0)
check("an error instead of results", not ok and err:find("divmod: division by zero", 1, true) ~= nil)
local n, long, s = returns.describe("abc")
check("three results, nil-able last", n == 3 and long == true and s == "abc")
n, long, s = returns.describe("")
check("three results, nil last", n == 0 and long == false and s == nil and count(returns.describe("")) == 3)
local c = returns.Counter(2)
check("return this: the same userdata", c:bump() == c and rawequal(c:bump():bump(), c))
local got, passed = c:get(5)
check("method with two results", got == 6 and passed == true)
local d = returns.Counter()
check("another userdata", c:other(d, true) == d and c:other(d, false) == nil and c:other(nil, true) == nil)
d = nil
collectgarbage()
collectgarbage()
check("still usable after a collection", c:bump():get() == 8)
print("done")
