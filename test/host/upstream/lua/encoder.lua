-- encoder, from NodeMCU dev-esp32's docs/modules/encoder.md: toBase64 /
-- fromBase64 (raises on an invalid encoding), toHex / fromHex (raises on an
-- invalid hex string). Known answers from RFC 4648's test vectors.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/check.lua")

local vectors = { [""] = "", f = "Zg==", fo = "Zm8=", foo = "Zm9v", foob = "Zm9vYg==",
  fooba = "Zm9vYmE=", foobar = "Zm9vYmFy" }
for plain, b64 in pairs(vectors) do
  T.eq("toBase64(" .. plain .. ")", encoder.toBase64(plain), b64)
  T.eq("fromBase64(" .. b64 .. ")", encoder.fromBase64(b64), plain)
end
T.eq("doc example", encoder.fromBase64(encoder.toBase64("hello world")), "hello world")

-- binary strings: every byte value, NULs and bytes >= 0x80 included
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
T.eq("base64 round trip of bytes 0..255", encoder.fromBase64(encoder.toBase64(all)), all)
T.eq("toBase64 of ff fe fd", encoder.toBase64("\255\254\253"), "//79")
T.eq("fromBase64 of //79", encoder.fromBase64("//79"), "\255\254\253")

-- invalid encodings raise: a byte outside the alphabet (on a signed-char
-- build the invalid-marker comparison lets '!' through), a length that is
-- not a multiple of 4, a byte >= 0x80
T.raises("fromBase64 of 'ab!d'", encoder.fromBase64, "ab!d")
T.raises("fromBase64 of 'Zm9'", encoder.fromBase64, "Zm9")
T.raises("fromBase64 of 'Zm\\255v'", encoder.fromBase64, "Zm\255v")
T.raises("fromBase64 of nil", encoder.fromBase64, nil)

T.eq("toHex", encoder.toHex("\0\1\127\128\255jjj"), "00017f80ff6a6a6a")
T.eq("toHex('')", encoder.toHex(""), "")
T.eq("fromHex doc example", encoder.fromHex("6a6a6a"), "jjj")
T.eq("fromHex upper case", encoder.fromHex("DEADBEEF"), "\222\173\190\239")
T.eq("hex round trip of bytes 0..255", encoder.fromHex(encoder.toHex(all)), all)
T.raises("fromHex of odd length", encoder.fromHex, "abc")
T.raises("fromHex of a non-hex digit", encoder.fromHex, "zz")

T.done()
