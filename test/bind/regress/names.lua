-- Drives names.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

check("arg, result, self, type", names.flexible(1) == 11 and names.flexible(1, 2) == 3 and names.flexible(1, 2, print) == 4 and names.flexible(1, print) == 12)
check("union with x_int, x_type, type", names.union(5) == 206 and names.union("abc") == 204 and names.union(5, 1) == 106)
local ok, err = pcall(names.union, {})
check("union error wording", not ok and err:find("bad argument #1 to '", 1, true) ~= nil and err:find("' (number or string expected, got table)", 1, true) ~= nil)
check("result and i", names.pick(5, 3) == 2 and names.pick(3, 5) == 2 and names.pick(4, 4) == 8)
check("pushed", names.echo("hi", 1) == "hi" and names.echo("hi", 0) == "none")
local t = names.Thing(1, 2)
check("self_index and self", t:add(3) == 124 and t:add(3, 4) == 131)
check("table argument", names.Thing(1, 2, { self = 5, arg = 6 }):add(0) == 132)
local got = {}
t:hold(0, function(i) got[#got + 1] = i end)
t:hold(1, function(i) got[#got + 1] = 10 + i end)
t:call(0)
t:call(1)
t:call(2)
check("refs released by a loop named clear of i", #got == 2 and got[2] == 11)
ok, err = pcall(names.Thing, 1)
check("constructor wording", not ok and err:find("bad argument #2 to '", 1, true) ~= nil and err:find("' (number expected, got no value)", 1, true) ~= nil)
print("done")
