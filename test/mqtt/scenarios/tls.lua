-- TLS connections. args: host port mode prefix [ca.pem [client.crt client.key]]
-- mode: uri     -> host is a URI (mqtts://...), connect(uri, onConnect, onFail)
--       uri-table -> host is a URI, connect(uri, nil, {ca_cert = ...}, onConnect, onFail) (upstream's form)
--       table   -> secure = {ca_cert = ...[, client_cert = ..., client_key = ...]}
--       true / false / 1 / 0 -> secure given as that boolean or number (ESP8266 style)
--       nokey   -> secure = {ca_cert, client_cert} without client_key: a Lua error
-- Prints "connected" (after a publish/subscribe round trip over the connection) or "fail <reason> <constant>".
local C = dofile(arg[0]:match("^(.*/)") .. "common.lua")
local host, port, mode, prefix = arg[1], tonumber(arg[2]), arg[3], arg[4]
local ca = arg[5] and C.readfile(arg[5])
local cert = arg[6] and C.readfile(arg[6])
local key = arg[7] and C.readfile(arg[7])

local secure
if mode == "table" or mode == "uri-table" then
  secure = { ca_cert = ca, client_cert = cert, client_key = key }
elseif mode == "nokey" then
  secure = { ca_cert = ca, client_cert = cert }
elseif mode == "true" then
  secure = true
elseif mode == "false" then
  secure = false
else
  secure = tonumber(mode)
end

local m = mqtt.Client(prefix, 30)
local fails = 0
m:on("message", function(c, topic, payload)
  C.say("message", topic, payload)
  c:close()
end)
m:on("offline", function() C.say("offline") end)
local function connected(c)
  C.say("connected")
  c:subscribe(prefix .. "/tls", 1, function(_, ok2)
    C.say("suback", ok2)
    c:publish(prefix .. "/tls", "over-tls", 1, 0)
  end)
end
local function failed(_, reason)
  fails = fails + 1
  C.say("fail", reason, C.reason(reason), fails)
end
local ok, ret = pcall(function()
  if mode == "uri" then
    return m:connect(host, connected, failed) -- host is a mqtts:// URI
  elseif mode == "uri-table" then
    return m:connect(host, nil, secure, connected, failed)
  end
  return m:connect(host, port, secure, connected, failed)
end)
if ok then
  C.say("connect-returned", ret)
else
  C.say("error", C.errmsg(ret))
end
