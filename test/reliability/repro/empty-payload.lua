-- Regression (found by the fuzz test under UBSan): a received message with an
-- empty payload. The host port hands the module data == NULL with length 0
-- (libmosquitto's payload of an empty PUBLISH), and deliver_post (the @luaTask
-- glue tsc2c generates) calls memcpy(dst, NULL, 0): undefined behaviour
-- ("null pointer passed as argument 2"), mqtt.c deliver_post.
-- Fixed in cf0f35a (@luaTask copies skip empty byte strings); kept as a regression.
-- arg: port
local port = tonumber(arg[1])
local m = mqtt.Client("repro-empty", 30)
m:on("message", function(c, topic, payload)
  print("message", topic, #payload)
  c:close()
end)
m:connect("127.0.0.1", port, 0, function(c)
  c:subscribe("repro/empty", 0, function(c2)
    c2:publish("repro/empty", "", 0, 0)
  end)
end, function(_, r) print("fail", r) os.exit(3) end)
