-- What goes on the wire when arguments are left out or come in a table: a client
-- made without cleansession (the default: a clean session) subscribes to three
-- tables of filters, one SUBSCRIBE each. The test reads CONNECT and SUBSCRIBE
-- through a relay. args: host port clientid topic
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id, topic = arg[1], tonumber(arg[2]), arg[3], arg[4]

local tables = {
  { [topic .. "/a/q0"] = 0, [topic .. "/a/q2"] = 2 },
  { [topic .. "/b/q0"] = 0, [topic .. "/b/q1"] = 1 },
  { [topic .. "/c/q0"] = 0 },
}
local m = mqtt.Client(id, 30)
m:connect(host, port, function(c)
  C.say("connected")
  local function next(i)
    if i > #tables then
      c:close()
      return
    end
    c:subscribe(tables[i], function(_, ok)
      C.say("suback", i, ok)
      next(i + 1)
    end)
  end
  next(1)
end, function(_, reason) C.say("fail", reason) end)
