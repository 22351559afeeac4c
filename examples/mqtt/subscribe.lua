-- m:subscribe(): several topics with their QoS in one SUBSCRIBE, then a message on one.
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)
local base = "example/sub/" .. math.random(100000)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:on("message", function(client, topic, data)
  print(topic:sub(#base + 2) .. " = " .. data)
  client:close()
end)
m:connect(host, port, function(client)
  client:subscribe({ [base .. "/a"] = 0, [base .. "/b"] = 1 }, function(c, ok)
    print("subscribed: " .. tostring(ok))
    c:publish(base .. "/b", "two", 1, false)
  end)
end)
--> subscribed: true
--> b = two
