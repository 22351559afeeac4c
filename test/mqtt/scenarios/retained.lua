-- Retained messages: a retained message published before we subscribe reaches
-- us; ours published with retain (as 1 and as true) are kept by the broker,
-- retain 0 is not. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(prefix, 30)
m:on("message", function(_, topic, payload) C.say("message", topic, payload) end)
m:connect(host, port, function(c)
  C.say("connected")
  local acked = 0
  local function published()
    acked = acked + 1
    if acked < 3 then return end
    c:subscribe(prefix .. "/#", 1, function(_, ok)
      C.say("suback", ok)
      C.after(500, function()
        c:close()
        C.say("done")
      end)
    end)
  end
  c:publish(prefix .. "/kept-number", "kept-1", 1, 1, published)
  c:publish(prefix .. "/kept-boolean", "kept-true", 1, true, published)
  c:publish(prefix .. "/not-kept", "not-kept", 1, 0, published)
end, function(_, reason) C.say("fail", reason) end)
