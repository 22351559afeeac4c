-- Regression (found by the fuzz test): subscribe() with a number as the topic.
-- The binding accepts a number as a string (luaL_checklstring), but the body
-- tests lua_type(topic) == LUA_TSTRING, takes the table branch and calls
-- lua_next(L, 0) on stack index 0: SEGV in countPairs (mqtt.c).
-- arg: port [method]   method: "subscribe" (default) or "unsubscribe"
local port, method = tonumber(arg[1]), arg[2] or "subscribe"
local m = mqtt.Client("repro-numtopic", 30)
m:connect("127.0.0.1", port, 0, function(c)
  local ok, err
  if method == "subscribe" then ok, err = pcall(c.subscribe, c, 5, 0) else ok, err = pcall(c.unsubscribe, c, 5) end
  print("returned", ok, err)
  c:close()
end, function(_, r) print("fail", r) os.exit(3) end)
