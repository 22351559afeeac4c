-- An ESP8266 script on the ESP32 module: the calls of the ESP8266 module's documented
-- example, in the same shapes (six-argument Client, lwt with 0/0 flags, on("overflow"),
-- connect with `false` as secure and both callbacks, callbacks that take only the client).
--   npm run -s host -- examples/esp8266.lua <host> <port> [topic]
local host, port, topic = arg[1] or "127.0.0.1", tonumber(arg[2] or 1883), arg[3] or "/topic"

-- client id, keepalive 120 s, user, password, clean session 1, messages up to 1024 bytes
m = mqtt.Client("esp8266-" .. math.random(100000), 120, "user", "password", 1, 1024)

-- the broker publishes "offline" (QoS 0, not retained) on /lwt if the client vanishes
m:lwt("/lwt", "offline", 0, 0)

m:on("offline", function(client) print("offline") end)

-- the ESP8266 example closes right after connect(); here that would cancel the attempt
-- (see docs/mqtt.md, "ESP8266 scripts"), so this one closes once the message was both
-- sent and received (in either order: closing drops the callbacks still waiting)
local finished = 0
local function finish(client)
  finished = finished + 1
  if finished == 2 then
    client:close()
  end
end

m:on("message", function(client, t, data)
  print(t .. ":")
  if data ~= nil then
    print(data)
  end
  finish(client)
end)

-- a message over 1024 bytes (topic + payload): its topic and first bytes
m:on("overflow", function(client, t, data)
  print(t .. " partial overflowed message: " .. data)
end)

m:connect(host, port, false, function(client)
  print("connected")
  client:subscribe(topic, 0, function(client) print("subscribe success") end)
  client:publish(topic, "hello", 0, 0, function(client)
    print("sent")
    finish(client)
  end)
end,
function(client, reason)
  print("Connection failed reason: " .. reason)
end)
