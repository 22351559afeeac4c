-- subscribe({t = qos, ...}) and unsubscribe({t = true, ...}) with their callbacks;
-- subscribe/unsubscribe return true when the request was sent. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local a, b, c3 = prefix .. "/a", prefix .. "/b", prefix .. "/c"

local m = mqtt.Client(prefix, 30)
local received = 0
m:on("message", function(_, topic, payload)
  received = received + 1
  C.say("message", topic, payload)
end)

local function publishAll(c, tag, after)
  local acked = 0
  for _, t in ipairs({ a, b, c3 }) do
    c:publish(t, tag, 1, 0, function()
      acked = acked + 1
      if acked == 3 then
        C.after(400, after)
      end
    end)
  end
end

m:connect(host, port, function(c)
  C.say("connected")
  C.say("subscribe", c:subscribe({ [a] = 0, [b] = 1, [c3] = 2 }, function(_, ok)
    C.say("suback", ok)
    publishAll(c, "first", function()
      C.say("received", received)
      C.say("unsubscribe-table", c:unsubscribe({ [a] = true, [b] = true }, function(_, ok2)
        C.say("unsuback-table", ok2)
        C.say("unsubscribe-single", c:unsubscribe(c3, function(_, ok3)
          C.say("unsuback-single", ok3)
          publishAll(c, "second", function()
            C.say("received", received)
            c:close()
            C.say("done")
          end)
        end))
      end))
    end)
  end))
end, function(_, reason) C.say("fail", reason) end)
