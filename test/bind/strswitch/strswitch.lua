-- Drives strswitch.ts; prints one "ok"/"FAIL" line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end

local m = strswitch
check("each name", m.which("one") == 1 and m.which("two") == 2 and m.which("four") == 4 and m.which("fo") == 5)
check("no match", m.which("f") == 0 and m.which("fourx") == 0 and m.which("") == 0 and m.which("one\0") == 0 and m.which("\0") == 0)
check("a number is its string", m.which(1) == 0)
check("switch in a walk, with continue", m.tally({ a = 1, b = 2, c = 3, d = 4, zz = 5, [1] = 6 }) == 1111)
check("walk leaves the stack balanced", select("#", m.tally({ c = 1 })) == 1)
check("chain with a break", m.tallyUntilStop({ a = 1, b = 2, d = 3, x = 4 }) == 1111 and m.tallyUntilStop({ stop = 1 }) == 0)
print("done")
