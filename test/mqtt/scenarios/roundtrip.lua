-- QoS 0/1/2 round trips: subscribe at each QoS, publish at each QoS, get every message back.
-- args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(prefix, 30)
local got, acked = 0, 0
local function finish()
  if got == 3 and acked == 3 then
    C.after(300, function()
      m:close()
      C.say("done")
    end)
  end
end
m:on("message", function(c, topic, payload)
  C.say("message", topic, payload)
  got = got + 1
  finish()
end)
C.say("connect", m:connect(host, port, function(c)
  C.say("connected")
  local subs = 0
  for q = 0, 2 do
    local t = prefix .. "/q" .. q
    C.say("subscribe", q, c:subscribe(t, q, function(_, ok)
      C.say("suback", q, ok)
      subs = subs + 1
      if subs == 3 then
        for p = 0, 2 do
          C.say("publish", p, c:publish(prefix .. "/q" .. p, "payload-" .. p, p, 0, function(_, ok2)
            C.say("puback", p, ok2)
            acked = acked + 1
            finish()
          end))
        end
      end
    end))
  end
end, function(_, reason) C.say("fail", reason) end))
