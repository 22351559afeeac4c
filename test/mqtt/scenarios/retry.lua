-- The spec's way to stay connected without autoreconnect: retry from the
-- connect-failure callback, once directly and then from a timer.
-- args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]

local m = mqtt.Client(id, 30)
local tries = 0
local connect
local function failed(_, reason)
  C.say("fail", tries, C.reason(reason))
  if tries == 1 then
    connect() -- again, straight from the callback
  else
    C.after(200, connect)
  end
end
function connect()
  tries = tries + 1
  m:connect(host, port, function(c)
    C.say("connected", tries > 2)
    c:close()
    C.say("done")
  end, failed)
end
connect()
