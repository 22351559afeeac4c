-- One client, several connection attempts in a row, each to the next port:
-- prints "fail <step> <reason> <constant>" (or "connected <step>") for each.
-- The same client throughout: a reason left over from one attempt must not
-- show up in the next. args: host keepalive port1 [port2 ...]
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, keepalive = arg[1], tonumber(arg[2])
local ports = {}
for i = 3, #arg do ports[#ports + 1] = tonumber(arg[i]) end

local m = mqtt.Client("reasons-scenario", keepalive)
local function attempt(step)
  if step > #ports then
    C.say("done")
    return
  end
  m:connect(host, ports[step], function(c)
    C.say("connected", step)
    c:close()
    attempt(step + 1)
  end, function(_, reason)
    C.say("fail", step, reason, C.reason(reason))
    attempt(step + 1)
  end)
end
attempt(1)
