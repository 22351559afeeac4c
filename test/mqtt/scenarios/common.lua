-- Shared by the scenarios: dofile(arg[0]:match("^(.*/)") .. "common.lua")
local C = {}

-- one output line: the values joined by single spaces (tostring'd)
function C.say(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do
    parts[i] = tostring((select(i, ...)))
  end
  print(table.concat(parts, " "))
end

-- run fn once after ms milliseconds
function C.after(ms, fn)
  local t = tmr.create()
  t:alarm(ms, tmr.ALARM_SINGLE, function() fn() end)
  return t
end

-- n bytes, every value 0..255 (NULs included); the tests build the same with binaryBytes(n)
function C.binary(n)
  local parts = {}
  for i = 0, n - 1 do
    parts[#parts + 1] = string.char((i * 7 + 3) % 256)
  end
  return table.concat(parts)
end

-- the text of a caught error without the "file:line: " position
function C.errmsg(err)
  return (tostring(err):gsub("^[^:]*:%d+: ", ""))
end

-- pcall(f) and print "<name> ok" or "<name> error <message>"
function C.try(name, f)
  local ok, err = pcall(f)
  if ok then
    C.say(name, "ok")
  else
    C.say(name, "error", C.errmsg(err))
  end
end

-- the name of the mqtt.CONNACK_* / mqtt.CONN_FAIL_* constant with value v
function C.reason(v)
  local names = {
    "CONN_FAIL_SERVER_NOT_FOUND", "CONN_FAIL_NOT_A_CONNACK_MSG", "CONN_FAIL_DNS",
    "CONN_FAIL_TIMEOUT_RECEIVING", "CONN_FAIL_TIMEOUT_SENDING", "CONN_FAIL_TLS",
    "CONNACK_ACCEPTED", "CONNACK_REFUSED_PROTOCOL_VER", "CONNACK_REFUSED_ID_REJECTED",
    "CONNACK_REFUSED_SERVER_UNAVAILABLE", "CONNACK_REFUSED_BAD_USER_OR_PASS", "CONNACK_REFUSED_NOT_AUTHORIZED",
  }
  for _, k in ipairs(names) do
    if mqtt[k] == v then
      return "mqtt." .. k
    end
  end
  return "none"
end

-- reads a whole file (PEM certificates the test wrote)
function C.readfile(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function C.writefile(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

return C
