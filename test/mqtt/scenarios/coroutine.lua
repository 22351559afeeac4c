-- Every mqtt API function, constructor and method called from inside coroutines:
-- first from coroutine.wrap, then from one coroutine that yields and is resumed
-- from MQTT callbacks (connect, suback, puback, message, unsuback), so the module
-- runs on a lua_State that is not the main thread's. args: host port prefix
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, prefix = arg[1], tonumber(arg[2]), arg[3]
local a, b = prefix .. "/a", prefix .. "/b"

-- runs f inside coroutine.wrap with a few values already on the coroutine's stack
local function wrapped(name, f)
  C.try(name, function()
    coroutine.wrap(function(x, y, z)
      f()
      return x, y, z
    end)(1, "two", {})
  end)
end

local m
wrapped("wrap-new", function() m = mqtt.Client(prefix, 30, "user", "pass", 1) end)
wrapped("wrap-lwt", function() m:lwt(prefix .. "/lwt", "bye", 1, 0) end)
wrapped("wrap-on", function()
  m:on("offline", function() C.say("offline") end)
end)
wrapped("wrap-constant", function() C.say("constant", mqtt.CONNACK_REFUSED_SERVER_UNAVAILABLE, mqtt.CONN_FAIL_DNS) end)
wrapped("wrap-publish-offline", function() C.say("publish-offline", m:publish(a, "x", 0, 0)) end)
wrapped("wrap-subscribe-offline", function() C.say("subscribe-offline", m:subscribe({ [a] = 0 })) end)
wrapped("wrap-unsubscribe-offline", function() C.say("unsubscribe-offline", m:unsubscribe({ [a] = true })) end)
-- a Lua error raised by the module inside a coroutine
wrapped("wrap-bad-arg", function() m:publish(a, "x", "q", 0) end)
-- a client created and collected inside a coroutine (__gc runs on that coroutine's state)
wrapped("wrap-gc", function()
  local t = mqtt.Client(prefix .. "-gc", 10)
  t:on("message", function() end)
  t = nil
  collectgarbage("collect")
  collectgarbage("collect")
end)
-- a client connected, subscribed with a table and closed, all in one coroutine.wrap
wrapped("wrap-close", function()
  local t = mqtt.Client(prefix .. "-w", 10)
  C.say("wrap-connect", t:connect(host, port, false, false))
  C.say("wrap-subscribe", t:subscribe({ [a] = 0, [b] = 1 }))
  C.say("wrap-unsubscribe", t:unsubscribe({ [a] = true, [b] = true }))
  t:close()
end)

-- one coroutine that waits for the broker's answers: resumed from MQTT callbacks
local co
local function resume(...)
  local ok, err = coroutine.resume(co, ...)
  if not ok then C.say("coroutine error", C.errmsg(err)) end
end
local function wait(what)
  local got = { coroutine.yield() }
  C.say(what, (table.unpack or unpack)(got, 2))
end

co = coroutine.create(function()
  m:on("message", function(_, topic, payload) resume("message", topic, payload) end)
  C.say("connect", m:connect(host, port, false, false, function() resume("connected") end,
    function(_, reason) C.say("fail", reason) end))
  wait("connected")
  -- a Lua error raised while walking a table argument, inside the resumed coroutine
  C.try("bad-table", function() m:subscribe({ [a] = "x" }) end)
  C.say("subscribe", m:subscribe({ [a] = 0, [b] = 1 }, function(_, ok) resume("suback", ok) end))
  wait("suback")
  C.say("publish", m:publish(a, "hello", 1, 0, function(_, ok) resume("puback", ok) end))
  -- the message and the PUBACK come in either order
  wait("event")
  wait("event")
  C.say("unsubscribe", m:unsubscribe({ [a] = true, [b] = true }, function(_, ok) resume("unsuback", ok) end))
  wait("unsuback")
  C.say("subscribe-single", m:subscribe(b, 2, function(_, ok) resume("suback-single", ok) end))
  wait("suback-single")
  C.say("unsubscribe-single", m:unsubscribe(b, function(_, ok) resume("unsuback-single", ok) end))
  wait("unsuback-single")
  m:on("connect", nil)
  m:close()
  m = nil
  collectgarbage("collect")
  C.say("done")
end)
resume()
