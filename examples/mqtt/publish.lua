-- m:publish(): QoS 1, not retained; the callback fires at the broker's PUBACK.
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:connect(host, port, function(client)
  client:publish("example/temperature", "21.5", 1, false, function(c, ok)
    print("acknowledged: " .. tostring(ok))
    c:close()
  end)
end)
--> acknowledged: true
