-- struct, from NodeMCU dev-esp32's docs/modules/struct.md: pack / unpack /
-- size with explicit endianness and sizes (the native ones, "l", "L", "T",
-- differ between the host and the ESP32: docs/host.md).
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/check.lua")

T.eq("pack >I4", struct.pack(">I4", 0x41424344), "ABCD")
T.eq("pack <I4", struct.pack("<I4", 0x41424344), "DCBA")
T.eq("pack >i2 of -2", struct.pack(">i2", -2), "\255\254")
T.eq("pack b of -1", struct.pack("b", -1), "\255")
T.eq("pack B of 255", struct.pack("B", 255), "\255")
local v, nxt = struct.unpack(">I4", "ABCD")
T.eq("unpack >I4", v, 0x41424344)
T.eq("unpack returns the next index", nxt, 5)
T.eq("unpack b reads a signed char", (struct.unpack("b", "\255")), -1)
T.eq("unpack B reads an unsigned char", (struct.unpack("B", "\255")), 255)
T.eq("unpack <i2", (struct.unpack("<i2", "\254\255")), -2)
local a, b, c, n2 = struct.unpack(">BHi4", "\1\0\2\0\0\0\3")
T.eq("unpack >BHi4 #1", a, 1)
T.eq("unpack >BHi4 #2", b, 2)
T.eq("unpack >BHi4 #3", c, 3)
T.eq("unpack >BHi4 next", n2, 8)
T.eq("unpack from an offset", (struct.unpack("B", "\1\2\3", 3)), 3)

-- the doc's length-prefixed string and fixed-width field
local s = "hello"
local x = struct.pack("Bc0", string.len(s), s)
T.eq("pack Bc0", x, "\5hello")
T.eq("unpack Bc0", (struct.unpack("Bc0", x)), "hello")
T.eq("pack c10", struct.pack("c10", s .. string.rep(" ", 10)), "hello     ")
T.eq("pack s", struct.pack("s", "ab"), "ab\0")
T.eq("unpack s", (struct.unpack("s", "ab\0cd")), "ab")
T.eq("padding x", struct.pack(">BxB", 1, 2), "\1\0\2")

-- alignment: "<!4biiii" is the doc's struct { char b; int i[4]; }
T.eq("size <!4bi4i4i4i4", struct.size("<!4bi4i4i4i4"), 20)
T.eq("size without alignment", struct.size("<bi4"), 5)
T.eq("size >I2I4", struct.size(">I2I4"), 6)
local packed = struct.pack("<!4bi4", 7, 1)
T.eq("aligned pack", packed, "\7\0\0\0\1\0\0\0")
T.eq("double round trip", (struct.unpack("<d", struct.pack("<d", 1.5))), 1.5)
T.raises("pack of a non-number for I", struct.pack, "I4", "x")
T.raises("unpack past the end", struct.unpack, ">I4", "AB")

T.done()
