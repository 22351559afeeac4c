-- Messages larger than esp-mqtt's 1024-byte buffer reach Lua in one "message"
-- call up to 262144 bytes; larger ones are dropped (logged). Each payload is
-- written to <outdir>/<n>.bin for the test to compare. args: host port prefix outdir
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix, outdir = arg[1], tonumber(arg[2]), arg[3], arg[4]

local m = mqtt.Client(prefix, 30)
local n = 0
m:on("message", function(c, topic, payload)
  n = n + 1
  C.say("message", n, topic, #payload)
  C.writefile(outdir .. "/" .. n .. ".bin", payload)
  if payload == "end" then
    -- and one of our own: 200 KB published from Lua
    c:publish(prefix .. "/echo", C.binary(200 * 1024), 1, 0, function(_, ok)
      C.say("echo-puback", ok)
      c:close()
      C.say("done")
    end)
  end
end)
m:connect(host, port, function(c)
  c:subscribe(prefix .. "/big", 1, function(_, ok) C.say("subscribed", ok) end)
end, function(_, reason) C.say("fail", reason) end)
