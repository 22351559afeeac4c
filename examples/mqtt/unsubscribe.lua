-- m:unsubscribe(): the callback fires at the broker's UNSUBACK.
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)
local topic = "example/unsub/" .. math.random(100000)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:connect(host, port, function(client)
  client:subscribe(topic, 0, function(c)
    c:unsubscribe(topic, function(c2, ok)
      print("unsubscribed: " .. tostring(ok))
      c2:close()
    end)
  end)
end)
--> unsubscribed: true
