-- Drives fieldinit.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

check("struct field initialisers", fieldinit.Holder(0):digits() == 7802302)
check("constructor after the initialisers", fieldinit.Holder(4):digits() == 7802702)
local ok, err = pcall(fieldinit.Holder, "x")
check("constructor argument checked", not ok and err:find("number expected, got string", 1, true) ~= nil)
print("done")
