-- subscribe({...}) with n topics whose list cannot be allocated returns false and logs
-- "out of memory" (run with test/mqtt/fixtures/failmalloc.c preloaded). args: host port prefix n
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix, n = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])

local topics = {}
for i = 1, n do
  topics[prefix .. "/" .. i] = 0
end
local m = mqtt.Client(prefix, 30)
m:connect(host, port, false, function(c)
  C.say("subscribe", c:subscribe(topics))
  c:close()
  C.say("done")
end, function(_, reason) C.say("fail", reason) end)
