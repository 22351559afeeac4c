-- m:on(): callbacks for the connection and for each message received.
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)
local topic = "example/on/" .. math.random(100000)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:on("connect", function(client)
  client:subscribe(topic, 1, function()
    client:publish(topic, "hello", 1, false)
  end)
end)
m:on("message", function(client, t, data)
  print("message: " .. data)
  client:close()
end)
m:on("offline", function() print("offline") end)
m:connect(host, port)
--> message: hello
--> offline
