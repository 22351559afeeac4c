-- Drives tables.ts; prints one "ok"/"FAIL" line per check, then "done".
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end
local function keys(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end

local i = tables.info("abcd")
check("flat table", type(i) == "table" and i.n == 4 and i.name == "abcd" and i.ok == false and i.ratio == 2 and keys(i) == 4)
i = tables.info("")
check("flat table, empty string", i.n == 0 and i.name == "" and i.ok == true and i.ratio == 0)
check("a new table per call", tables.info("x") ~= tables.info("x"))

local s = tables.shape(5)
check("nested table", s.label == "box" and s.origin.x == 6 and s.origin.y == -5 and keys(s.origin) == 2 and keys(s) == 5)
check("sequence of tables", #s.corners == 2 and s.corners[1].x == 0 and s.corners[2].x == 5 and s.corners[2].y == 5 and s.corners[3] == nil)
check("sequence of integers", #s.weights == 3 and s.weights[1] == 1 and s.weights[2] == 5 and s.weights[3] == 3 and keys(s.weights) == 3)
check("sequence of bools", s.flags[1] == true and s.flags[2] == true and tables.shape(0).flags[2] == false)

local e = tables.echo({ x = 1, y = 7 })
check("a table argument handed back", e.x == 2 and e.y == 7 and keys(e) == 2)
local t = tables.tags(true)
check("cstring and enum fields", #t == 2 and t[1].text == "first" and t[1].dir == 0 and t[2].text == "second" and t[2].dir == 1 and tables.tags(false)[1].dir == 1)

local q = tables.squares(2)
check("FixedArray return: a sequence", #q == 3 and q[1] == 4 and q[2] == 9 and q[3] == 16 and keys(q) == 3)

check("table | null: nil", tables.point(-1, 2) == nil and count(tables.point(-1, 2)) == 1)
local p = tables.point(3, 4)
check("table | null: the table", p.x == 3 and p.y == 4)

local a, n = tables.split("hello", 2)
check("a table in a tuple", a.x == 2 and a.y == 3 and n == 2 and count(tables.split("hello", 2)) == 2)
a, n = tables.split("hi", 5)
check("a nil table in a tuple", a == nil and n == 0)

local got = {}
local w = tables.Watch(function(self, pt, seen)
  local q = pt or self -- called without the userdata, the point comes first
  got[#got + 1] = { self = self, x = q.x, pt = pt, seen = seen }
  q.x = 1000
end)
check("callback's result", w:move(1, 2) == 3 and w:move(10, 0) == 13)
check("table handed to a callback", #got == 2 and got[1].x == 1 and got[1].pt.y == 2 and got[2].x == 11 and got[1].self == w)
check("sequence handed to a callback", got[2].seen[1] == 0 and got[2].seen[2] == 1 and #got[2].seen == 2)
check("the callback's table is a copy", w:where().x == 11 and w:where().y == 2 and w:where() ~= w:where())
got = {}
w:poke()
check("a plain function's struct parameter to callbacks", #got == 2 and got[1].self == w and got[1].x == 11 and got[1].pt.y == 2 and got[2].x == 11 and got[2].self.y == 2 and got[2].pt == nil)
w = nil
collectgarbage()
collectgarbage()
check("tables outlive the call", got[1].pt.y == 2 and got[2].self.y == 2 and s.corners[2].y == 5)
print("done")
