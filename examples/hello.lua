-- Hello MQTT: the NodeMCU mqtt module on a PC. `npm start` runs this against a
-- Mosquitto broker it starts on a free port; to use your own broker:
--   npm run -s host -- examples/hello.lua <host> <port>
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("hello-" .. math.random(100000), 30)

-- Last will: the broker publishes this (QoS 1, retained) if we vanish without close()
m:lwt("hello/status", "offline (unexpected)", 1, 1)

m:on("message", function(client, topic, data)
  print(string.format("  received  %-14s %q", topic, data))
  if data == "bye" then
    client:publish("hello/status", "offline", 1, 1, function()
      print("  status    offline (published on purpose)")
      client:close()
    end)
  end
end)

m:on("offline", function() print("offline: closed, bye") end)

print(string.format("connecting to %s:%d ...", host, port))
m:connect(host, port, false, function(client)
  print("connected")
  client:subscribe({ ["hello/greetings"] = 1, ["hello/status"] = 1 }, function(_, ok)
    print("subscribed to hello/greetings and hello/status: " .. tostring(ok))
    client:publish("hello/status", "online", 1, 1)
    client:publish("hello/greetings", "hello from NodeMCU on a PC", 0, 0)
    client:publish("hello/greetings", "binary \0 safe", 1, 0, function() print("  puback    for the QoS 1 greeting") end)
    client:publish("hello/greetings", "bye", 1, 0)
  end)
end, function(_, reason)
  print("connection failed, reason " .. reason)
end)
