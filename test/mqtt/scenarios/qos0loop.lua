-- QoS 0 publishes without callbacks in a loop: nothing to tell Lua about, so
-- nothing should be queued (or dropped). args: host port clientid count
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, count = arg[1], tonumber(arg[2]), arg[3], tonumber(arg[4])

local m = mqtt.Client(id, 30)
m:connect(host, port, function(c)
  local ok = 0
  for i = 1, count do
    if c:publish("qos0loop/" .. id, "m" .. i, 0, 0) then
      ok = ok + 1
    end
  end
  C.say("published", ok)
  C.after(300, function()
    c:close()
    C.say("done")
  end)
end, function(_, reason) C.say("fail", reason) end)
