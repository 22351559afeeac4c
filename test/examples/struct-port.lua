-- The struct port's own cases beyond upstream's test (lua/struct.lua): the
-- docs' examples, each option, alignment, and the error cases; where upstream's
-- C differs from its docs, the docs' behaviour (module-src/examples/struct.ts).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/../host/upstream/lua/check.lua")

-- the docs' examples
T.eq("docs: pack I", struct.pack("<I", 0x41424344), "DCBA")
T.eq("docs: size i", struct.size("i"), 4)
local s = "hello"
local x = struct.pack("Bc0", string.len(s), s)
local u, nxt = struct.unpack("Bc0", x)
T.eq("docs: Bc0 round trip", u, "hello")
T.eq("docs: Bc0 returns no length", nxt, 7)
T.eq("docs: size <!4biiii", struct.size("<!4biiii"), 20)
local doubles = struct.pack("<ddd", 1.5, -2.25, 0)
local got, i = {}, 1
while true do
  local d
  d, i = struct.unpack("<d", doubles, i)
  if d == 0 then break end
  got[#got + 1] = d
end
T.eq("docs: doubles until zero", table.concat(got, ","), "1.5,-2.25")

-- options
T.eq("h big endian", struct.pack(">h", -2), "\255\254")
T.eq("H little endian", struct.pack("<H", 0x1234), "\52\18")
T.eq("i3", struct.pack(">i3", -1), "\255\255\255")
T.eq("i8 of -2 is sign-extended", struct.pack("<i8", -2), "\254" .. string.rep("\255", 7))
T.eq("I8 of 1", struct.pack(">I8", 1), string.rep("\0", 7) .. "\1")
T.eq("unpack i8 of -2", (struct.unpack("<i8", "\254" .. string.rep("\255", 7))), -2)
T.eq("unpack I3", (struct.unpack(">I3", "\1\2\3")), 0x010203)
T.eq("unpack i3 negative", (struct.unpack(">i3", "\255\255\254")), -2)
T.eq("unpack I4 high bit", (struct.unpack(">I4", "\255\255\255\255")), 4294967295)
T.eq("d big endian", struct.pack(">d", 1.5), "\63\248\0\0\0\0\0\0")
T.eq("unpack d big endian", (struct.unpack(">d", "\63\248\0\0\0\0\0\0")), 1.5)
T.eq("spaces are ignored", struct.pack(" > B B ", 1, 2), "\1\2")
T.eq("c3 cuts", struct.pack("c3", "abcdef"), "abc")
T.eq("c default 1", struct.pack("c", "xy"), "x")
T.eq("c0 packs the whole string", struct.pack("c0", "abc"), "abc")
T.eq("unpack c2", (struct.unpack("c2", "abc")), "ab")
T.eq("s with an empty string", struct.pack("s", ""), "\0")
local a1, a2, anext = struct.unpack("ss", "a\0bc\0")
T.eq("unpack ss #1", a1, "a")
T.eq("unpack ss #2", a2, "bc")
T.eq("unpack ss next", anext, 6)
T.eq("x takes no value", select("#", struct.unpack("xB", "\0\7")), 2)
T.eq("!2 aligns h", struct.pack("<!2bh", 1, 2), "\1\0\2\0")
T.eq("! alone is 8", struct.size("!bd"), 16)
T.eq("alignment is capped by !", struct.size("!2bi4"), 6)
T.eq("c is never aligned", struct.size("!4bc3"), 4)
T.eq("unpack aligns too", select(2, struct.unpack("<!4bi4", "\7\0\0\0\1\0\0\0")), 1)
T.eq("Bxc0 takes the B", (struct.unpack("Bxc0", "\2\0hi")), "hi")
T.eq("size of an empty format", struct.size(""), 0)
T.eq("unpack of nothing returns the offset", struct.unpack("", "abc", 2), 2)
T.eq("unpack at the end", select("#", struct.unpack("B", "\1\2", 2)), 2)

-- "f": a float, rounded as C converts (ties to even), both byte orders
T.eq("f 1.5 big endian", struct.pack(">f", 1.5), "\63\192\0\0")
T.eq("f -2 little endian", struct.pack("<f", -2), "\0\0\0\192")
T.eq("f 0.1 rounds", struct.pack(">f", 0.1), "\61\204\204\205")
local function negate(x) return -x end  -- a -0.0 literal would be folded to 0 by 5.1
T.eq("f -0", struct.pack(">f", negate(0.0)), "\128\0\0\0")
T.eq("f smallest subnormal", struct.pack(">f", 2^-149), "\0\0\0\1")
T.eq("f too big is infinity", struct.pack(">f", 2^200), "\127\128\0\0")
T.eq("f largest", struct.pack(">f", (2 - 2^-23) * 2^127), "\127\127\255\255")
T.eq("f tie to even", struct.pack(">f", 1 + 2^-24), "\63\128\0\0")
T.eq("f tie to even up", struct.pack(">f", 1 + 3 * 2^-24), "\63\128\0\2")
T.eq("unpack f 0.1", (struct.unpack(">f", "\61\204\204\205")), 13421773 * 2^-27)
T.eq("unpack f subnormal", (struct.unpack("<f", "\1\0\0\0")), 2^-149)
T.eq("unpack f -infinity", (struct.unpack(">f", "\255\128\0\0")), -1/0)
local nan = struct.unpack(">f", "\127\192\0\0")
T.ok("unpack f NaN", nan ~= nan)
T.eq("f NaN packs the quiet NaN", struct.pack(">f", 0/0):byte(2) >= 192, true)
T.eq("size f", struct.size("bf"), 5)

-- errors, with the docs' wording
local function msg(...)
  local ok, e = pcall(...)
  return not ok and e or "no error"
end
T.ok("invalid option in pack", msg(struct.pack, "z", 1):find("invalid format option", 1, true))
T.ok("invalid option in size", msg(struct.size, "z"):find("invalid format option", 1, true))
T.ok("invalid option in unpack", msg(struct.unpack, "y", "a"):find("invalid format option", 1, true))
T.ok("alignment not a power of 2", msg(struct.size, "!3"):find("alignment 3 is not a power of 2", 1, true))
T.ok("integral size limit", msg(struct.size, "i33"):find("integral size 33 is larger than limit of 32", 1, true))
T.ok("integral size overflow", msg(struct.size, "i99999999999"):find("integral size overflow", 1, true))
T.ok("size of s", msg(struct.size, "s"):find("option 's' has no fixed size", 1, true))
T.ok("size of c0", msg(struct.size, "c0"):find("option 'c0' has no fixed size", 1, true))
T.ok("string too short names its argument", msg(struct.pack, "Bc5", 1, "abc"):find("#3", 1, true))
T.ok("number expected", msg(struct.pack, "BB", 1, "x"):find("#3", 1, true))
T.ok("missing value", msg(struct.pack, "B"):find("#2", 1, true))
T.ok("c0 needs a previous number", msg(struct.unpack, "c0", "3abc"):find("needs a previous size", 1, true))
T.ok("c0 after a string", msg(struct.unpack, "c1c0", "3abc"):find("needs a previous size", 1, true))
T.ok("c0 length past the end", msg(struct.unpack, "Bc0", "\9ab"):find("data string too short", 1, true))
T.ok("unfinished s", msg(struct.unpack, "s", "abc"):find("unfinished string in data", 1, true))
T.ok("offset 0", msg(struct.unpack, "B", "abc", 0):find("#3", 1, true))
T.ok("offset past the end", msg(struct.unpack, "B", "abc", 5):find("data string too short", 1, true))

T.done()
