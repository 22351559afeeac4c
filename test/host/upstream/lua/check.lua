-- The small harness of the NodeMCU module tests in this folder. Each test
-- script loads it with dofile and calls:
--   eq(what, got, want)        got == want (strings shown as hex when binary)
--   ok(what, cond)             cond is true
--   raises(what, fn, ...)      fn(...) raises an error
--   done()                     prints "pass N checks" or every failure; exits 1 on any
-- Failures do not stop a script, so one run lists them all.
local T = { checks = 0, failures = {} }

local function show(v)
  if type(v) == "string" and v:find("[^%g ]") then
    return "hex:" .. (v:gsub(".", function(c) return string.format("%02x", c:byte()) end))
  end
  return type(v) == "string" and string.format("%q", v) or tostring(v)
end

function T.eq(what, got, want)
  T.checks = T.checks + 1
  if got ~= want then
    T.failures[#T.failures + 1] = string.format("%s: got %s, want %s", what, show(got), show(want))
  end
end

function T.ok(what, cond)
  T.eq(what, not not cond, true)
end

function T.raises(what, fn, ...)
  T.checks = T.checks + 1
  local fine = pcall(fn, ...)
  if fine then T.failures[#T.failures + 1] = what .. ": did not raise" end
end

function T.done()
  for _, f in ipairs(T.failures) do io.stderr:write("FAIL ", f, "\n") end
  if #T.failures > 0 then
    print(string.format("fail %d of %d checks", #T.failures, T.checks))
    os.exit(1)
  end
  print(string.format("pass %d checks", T.checks))
end

return T
