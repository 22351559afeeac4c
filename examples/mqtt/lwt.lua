-- m:lwt(): the broker publishes this retained QoS 1 message if the client vanishes
-- without close(). Set it before connect().
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:lwt("example/status", "offline (unexpected)", 1, true)
m:connect(host, port, function(client)
  print("connected with a last will")
  client:close()
end)
--> connected with a last will
