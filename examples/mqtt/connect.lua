-- m:connect(): plain TCP, no autoreconnect, with both callbacks (the same slots as
-- on("connect") and on("connfail")).
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("example-" .. math.random(100000), 60)
local ok = m:connect(host, port, false, false, function(client)
  print("connected")
  client:close()
end, function(client, reason)
  print("could not connect, reason " .. reason)
end)
print("connecting: " .. tostring(ok))
--> connecting: true
--> connected
