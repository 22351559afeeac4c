-- Callback refs are released when their operation completes: 100 acknowledged QoS 1
-- publishes with a callback each leave no function in the registry, and a client
-- whose publish callback captures it is still collected once closed and dropped.
-- args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]

local function registryFunctions()
  collectgarbage()
  local n = 0
  for _, v in pairs(debug.getregistry()) do
    if type(v) == "function" then n = n + 1 end
  end
  return n
end

-- a client whose operation callback captures the client itself: once that callback has
-- run, closed, its on() callbacks cleared and unreferenced, the client is collected (a weak-keyed table forgets it;
-- a finalized userdata key goes one cycle later: collect thrice)
local function captured()
  local gone = setmetatable({}, { __mode = "k" })
  do
    local cap = mqtt.Client(prefix .. "-cap", 30)
    gone[cap] = true
    cap:connect(host, port, function()
      cap:publish(prefix .. "/refs", "cap", 1, 0, function(_, ok)
        C.say("capturing-callback", ok)
        cap:close()
        -- on()'s callbacks stay until cleared (the connect callback captures cap too)
        cap:on("connect", nil)
        C.after(50, function()
          for _ = 1, 3 do collectgarbage() end
          C.say("capturing-client-collected", next(gone) == nil)
        end)
      end)
    end)
  end
end

local m = mqtt.Client(prefix, 30)
m:connect(host, port, function(c)
  local before = registryFunctions()
  local acked = 0
  for i = 1, 100 do
    c:publish(prefix .. "/refs", tostring(i), 1, 0, function(_, ok)
      if ok then acked = acked + 1 end
      if acked == 100 then
        C.after(10, function()
          C.say("acked", acked)
          C.say("extra-function-refs", registryFunctions() - before)
          c:close()
          captured()
        end)
      end
    end)
  end
end, function(_, reason) C.say("fail", reason) end)
