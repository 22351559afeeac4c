-- An error in a callback whose result is kept (values.ts): reported with a traceback
-- (nodemcu-host then exits 1), and the result reads as nil; the module goes on.
local t = {}
local c = values.Box(0)
c:on(function() error("boom") end)
print("ask: " .. tostring(c:ask()))
print("poke: " .. tostring(c:poke(1)))
c:on(function() return t end)
print("after: " .. tostring(c:ask() == t))
