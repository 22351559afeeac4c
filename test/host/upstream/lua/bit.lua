-- bit, from NodeMCU dev-esp32's docs/modules/bit.md: "bit manipulation on the
-- integer type used by the Lua VM" (32-bit on 5.1; on 5.3 32-bit by default,
-- 64-bit when so configured: Debian's 5.3, and so the host, is a 64-bit one).
-- Values stay below bit 31: shifting 1 into the sign bit of an int is
-- undefined behaviour in bit.c (bit.bit(31) is reported by UBSan).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/check.lua")

local BITS = 32
if math.maxinteger and math.maxinteger > 0x7fffffff then BITS = 64 end

T.eq("band", bit.band(0xff, 0x0f), 0x0f)
T.eq("band of three", bit.band(0x7f, 0x3c, 0x0e), 0x0c)
T.eq("bor", bit.bor(0x10, 0x01), 0x11)
T.eq("bor of three", bit.bor(1, 2, 4), 7)
T.eq("bxor", bit.bxor(0x5a, 0xff), 0xa5)
T.eq("bxor of three", bit.bxor(1, 3, 7), 5)
T.eq("bnot(0)", bit.bnot(0), -1)
T.eq("bnot(-1)", bit.bnot(-1), 0)
T.eq("bnot(0x0f)", bit.bnot(0x0f), -16)
T.eq("lshift", bit.lshift(1, 4), 16)
T.eq("lshift 0x3 by 8", bit.lshift(3, 8), 0x300)
T.eq("rshift", bit.rshift(0x100, 4), 0x10)
-- logical: the sign bit is not copied, so -1 >> 28 keeps the top bits of the VM's width
T.eq("rshift(-1, 28) is logical", bit.rshift(-1, 28), 2 ^ (BITS - 28) - 1)
T.eq("arshift keeps the sign", bit.arshift(-256, 4), -16)
T.eq("arshift of a positive", bit.arshift(0x100, 4), 0x10)
T.eq("bit(0)", bit.bit(0), 1)
T.eq("bit(30)", bit.bit(30), 0x40000000)
T.eq("set", bit.set(0, 0, 3), 9)
T.eq("set keeps set bits", bit.set(9, 3), 9)
T.eq("clear", bit.clear(0xff, 0, 7), 0x7e)
T.eq("clear of a clear bit", bit.clear(0, 5), 0)
T.eq("isset true", bit.isset(0x10, 4), true)
T.eq("isset false", bit.isset(0x10, 3), false)
T.eq("isclear true", bit.isclear(0x10, 3), true)
T.eq("isclear false", bit.isclear(0x10, 4), false)
T.raises("band of a string that is no number", bit.band, "x", 1)

T.done()
