-- mqtt.Client(): client id, keepalive 60 s, no user or password, a clean session,
-- and messages of up to 4096 bytes (topic + payload) for "message".
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("example-" .. math.random(100000), 60, nil, nil, true, 4096)
m:connect(host, port, function(client)
  print("connected")
  client:close()
end)
--> connected
