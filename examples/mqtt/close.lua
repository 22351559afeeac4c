-- m:close(): "offline" fires before it returns; a second close() finds nothing to close.
local host, port = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883)

local m = mqtt.Client("example-" .. math.random(100000), 60)
m:on("offline", function() print("offline") end)
m:connect(host, port, function(client)
  print("close: " .. tostring(client:close()))
  print("again: " .. tostring(client:close()))
end)
--> offline
--> close: true
--> again: false
