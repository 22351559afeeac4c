-- Events of a replaced or closed connection never act on the next one.
-- args: host port clientid
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, id = arg[1], tonumber(arg[2]), arg[3]
local topic = "replace/" .. id

local function partC()
  -- close() with operations in flight, then a new connection on the same client
  local m = mqtt.Client(id .. "-c", 30)
  local n = 0
  m:connect(host, port, function(c)
    n = n + 1
    C.say("C-connect", n)
    if n == 1 then
      c:publish(topic, "old", 1, 0, function(_, ok) C.say("C-old-publish-callback", ok) end)
      c:subscribe(topic .. "/c", 1, function(_, ok) C.say("C-old-subscribe-callback", ok) end)
      c:close()
      c:connect(host, port)
    end
  end)
  C.after(800, function()
    -- on the new connection: the same kinds of operations, without callbacks
    m:publish(topic, "new", 1, 0)
    m:subscribe(topic .. "/c", 1)
    m:publish(topic, "new", 2, 0)
    m:publish(topic, "new2", 1, 0, function(_, ok) C.say("C-new-publish-callback", ok) end)
    C.after(600, function()
      m:close()
      C.say("done")
    end)
  end)
end

local function partB()
  -- connect() again while operations of the first connection are in flight
  local m = mqtt.Client(id .. "-b", 30)
  local n = 0
  local function onConnect(c)
    n = n + 1
    C.say("B-connect", n)
    if n == 1 then
      c:publish(topic, "old", 1, 0, function(_, ok) C.say("B-old-publish-callback", ok) end)
      c:subscribe(topic .. "/b", 1, function(_, ok) C.say("B-old-subscribe-callback", ok) end)
      c:connect(host, port, onConnect)
    else
      c:publish(topic, "new", 1, 0)
      c:subscribe(topic .. "/b", 1)
      c:publish(topic, "new", 2, 0)
      c:publish(topic, "new2", 1, 0, function(_, ok)
        C.say("B-new-publish-callback", ok)
        C.after(500, function()
          c:close()
          partC()
        end)
      end)
    end
  end
  m:connect(host, port, onConnect)
end

-- A: two connect() calls in a row: only the second connection calls back, once
local m = mqtt.Client(id .. "-a", 30)
local first, second = 0, 0
m:connect(host, port, function() first = first + 1 C.say("A-first-callback", first) end)
m:connect(host, port, function(c)
  second = second + 1
  C.say("A-second-callback", second)
  C.after(500, function()
    C.say("A-counts", first, second)
    c:close()
    partB()
  end)
end)
