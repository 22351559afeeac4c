-- The C API surface of NodeMCU modules on the host, through the probe module
-- (test/host/upstream/probes/probe.c): the ESP32's answers, not x86's.
local T = dofile((arg[0]:match("^(.*)/") or ".") .. "/check.lua")

T.eq("(char)0xff reads 255: char is unsigned, as on Xtensa", probe.charff(), 255)
local size, array = probe.buffersize()
T.eq("LUAL_BUFFERSIZE is NodeMCU's 256", size, 256)
T.eq("a luaL_Buffer holds 256 bytes", array, 256)

-- fill luaL_Buffers well past 256 bytes every way lauxlib offers
for _, piece in ipairs({ "x", "0123456789", string.rep("ab", 100), string.rep("q", 300), string.rep("\0z", 700) }) do
  for _, n in ipairs({ 1, 5, 13 }) do
    T.eq(string.format("luaL_Buffer of %d x %d bytes", n, #piece), probe.buffer(piece, n), string.rep(piece, n))
  end
end

local sum = 0
for i = 0, 599 do sum = sum + i % 256 end
T.eq("lmem: luaM_malloc, luaM_realloc_, luaN_freearray, luaM_growvector", probe.lmem(300), sum + 16)
T.raises("lmem: a vector too big raises", probe.toobig)
local fine, err = pcall(probe.toobig)
T.ok("  with lmem's message", not fine and tostring(err):find("block too big", 1, true))

T.eq("lua_objlen of a table", probe.objlen({ 1, 2, 3 }), 3)
T.eq("lua_objlen of a string", probe.objlen("abcd"), 4)

local BITS = 32
if math.maxinteger and math.maxinteger > 0x7fffffff then BITS = 64 end
local shifted, width = probe.unsigned32(-1)
T.eq("LUA_UNSIGNED is as wide as the VM's integer (NodeMCU's 32 bits on 5.1)", width * 8, BITS)
T.eq("LUA_UNSIGNED is unsigned", shifted, 2 ^ (BITS - 28) - 1)

T.done()
