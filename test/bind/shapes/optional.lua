-- Drives optional.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

check("none given", optional.given(1) == -1)
check("b given", optional.given(1, 2) == 1)
check("both given", optional.given(1, 2, "x") == 3)
check("nil is not given", optional.given(1, nil, "x") == 2 and optional.given(1, nil, nil) == -1)
check("positional: in place", optional.create() == 0 and optional.create(print) == 10 and optional.create(print, 5) == 15 and optional.create(nil, 5) == 5)
local ok, err = pcall(optional.create, 5)
check("positional: no skipping", not ok and err:find("bad argument #1 to '", 1, true) ~= nil and err:find("(function expected, got number)", 1, true) ~= nil)
check("not positional: skipped by type", optional.create2(5) == 5 and optional.create2(print, 5) == 15)
print("done")
