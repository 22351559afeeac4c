-- Drives buffer.ts; prints one "ok"/"FAIL" line per check, then "done".
-- LUAL_BUFFERSIZE is 256 on the host as on NodeMCU: the long results below go
-- through the buffer's pieces on the Lua stack (5.1) or its box (5.3).
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function count(...) return select("#", ...) end

local function hexOf(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

check("addByte: short", buffer.hex("az\0") == "617a00" and buffer.hex("") == "")
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
check("addByte: 512 bytes, one at a time", buffer.hex(all) == hexOf(all) and #buffer.hex(all) == 512)
local long = string.rep("\1\128\255", 700)
check("addByte: 4200 bytes", buffer.hex(long) == hexOf(long))

check("addBytes: repeated", buffer.rep("ab", 3, "-") == "ab-ab-ab" and buffer.rep("x", 0) == "")
check("addBytes: many small appends past 256 B", buffer.rep("abc", 1000) == string.rep("abc", 1000))
local chunk = string.rep("y", 300)
local chunks = {}
for i = 1, 20 do chunks[i] = chunk end
check("addBytes: appends longer than the buffer", buffer.rep(chunk, 20, "\0") == table.concat(chunks, "\0"))
check("addBytes: binary safe", buffer.rep("a\0b", 2) == "a\0ba\0b")

check("addNumber: as tostring writes them",
  buffer.numbers(-7, 2.5, 4000000000) == "n=-7 x=" .. tostring(2.5) .. " u=4000000000"
  and buffer.numbers(0, 3, 1) == "n=0 x=" .. tostring(3.0) .. " u=1"
  and buffer.numbers(1, 1e300, 0) == "n=1 x=" .. tostring(1e300) .. " u=0")

-- the bytes bytesUp builds, computed here (no bit operators in Lua 5.1)
local function bor(a, b)
  local r, p = 0, 1
  for _ = 1, 8 do
    if a % 2 == 1 or b % 2 == 1 then r = r + p end
    a, b, p = math.floor(a / 2), math.floor(b / 2), p * 2
  end
  return r
end
local function expectedBytes(n, mark)
  local t = {}
  for i = 0, n - 1 do
    local v = (i * 7) % 256
    if i % 2 == 0 then v = bor(v, mark % 256) end
    if i == 0 then v = (v + 255) % 256 end
    t[#t + 1] = string.char(v)
  end
  return table.concat(t)
end
check("Ptr<uint8> writes, |= and a wrapping +=", buffer.bytesUp(10, 0x81) == expectedBytes(10, 0x81))
check("Ptr<uint8> buffer of 3000 bytes, freed before the push", buffer.bytesUp(3000, 0x10) == expectedBytes(3000, 0x10) and buffer.bytesUp(0, 1) == "")
check("a bad size is an argument error", not pcall(buffer.bytesUp, -1, 0))
check("a FixedArray as the byte buffer", buffer.digits(0) == "0" and buffer.digits(4294967295) == "4294967295" and buffer.digits(907) == "907")

check("a pairs() walk between appends", buffer.count({ 1, 2, a = 3 }) == "entries: 4" and buffer.count({}) == "entries: 0")

check("T | null: nil, the buffer left unfinished", buffer.upper("") == nil and count(buffer.upper("")) == 1)
check("T | null: the string", buffer.upper("abC1z") == "ABC1Z")
check("T | null: nil in a branch", buffer.upper(string.rep("q", 1001)) == nil and buffer.upper(string.rep("q", 999)) == string.rep("Q", 999))

local s, n = buffer.tagged("abc", 1)
check("the result first of two", s == "<abc>" and n == 5 and count(buffer.tagged("abc", 1)) == 2)
s, n = buffer.tagged("abc", -1)
check("another return with the buffer unfinished", s == "abc" and n == -1)

check("one exit beside the buffer", buffer.pick("q", 1) == "q" and buffer.pick("q", 2) == "q" and buffer.pick("q", 3) == "qq" and buffer.pick("q", 4) == "q")

local seen = {}
local log = buffer.Log(function(self, line) seen[#seen + 1] = line end)
local text = log:write(40)
local want = {}
for i = 1, 40 do want[#want + 1] = "line " .. i .. "\n" end
check("callbacks between appends", text == table.concat(want) and #seen == 40 and seen[40] == 40)
-- a callback that builds strings of its own (each call has its own buffer on its own part of the stack)
local built = {}
local nested = buffer.Log(function(self, line) built[#built + 1] = buffer.hex(string.rep(string.char(line), 200)) end)
check("a callback building its own strings between appends", nested:write(30) == table.concat(want, "", 1, 30)
  and #built == 30 and built[30] == string.rep("1e", 200))

-- a callback that fails leaves its error object on the stack (luaL_pcallx): the function puts the
-- top back before its next append (the errors are reported later, to this handler)
node.setonerror(function() end)
local flaky = buffer.Log(function(_, line) if line % 3 == 0 then error("flaky " .. line) end end)
local want60 = {}
for i = 1, 60 do want60[i] = "line " .. i .. "\n" end
check("failing callbacks between appends past 256 B", flaky:write(60) == table.concat(want60))
check("failing callbacks from a C function between appends", flaky:writeVia(60) == table.concat(want60))

-- many buffers in a row leave nothing behind on the stack
for _ = 1, 200 do buffer.rep("z", 100) end
check("repeated use", buffer.rep("z", 300) == string.rep("z", 300))
print("done")
