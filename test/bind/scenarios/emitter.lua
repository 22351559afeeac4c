-- The emitter example module through every binding feature; prints one line per check.
local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end
local function err(f, ...) local ok, e = pcall(f, ...) return not ok and tostring(e) or "no error" end

-- module functions and constants, one with a key too long for a ROM table
check("add", emitter.add(2, 3) == 5)
check("add wraps like int32", emitter.add(2147483647, 1) == -2147483648)
check("constants", emitter.LEVEL_LOW == 1 and emitter.LEVEL_HIGH == 2)
check("long key through __index", emitter.LEVEL_WITH_A_NAME_LONGER_THAN_ROM_KEYS == 3)
check("missing key is nil", emitter.NO_SUCH_KEY == nil)
check("union by Lua type", emitter.kind("s") == "string" and emitter.kind(1) == "number or boolean" and emitter.kind(true) == "number or boolean")
print("kind error: " .. err(emitter.kind, {}))

-- userdata: constructor with a default, ROM metatable methods
local e = emitter.Emitter("lbl")
check("userdata type", type(e) == "userdata")
check("label", e:label_() == "lbl")
local seen = {}
e:on("event", function(self, i, label, loud) seen[#seen + 1] = table.concat({tostring(self == e), i, label, tostring(loud)}, ",") end)
check("fire returns n", e:fire(2) == 2)
check("fire calls back", seen[1] == "true,1,lbl,false" and seen[2] == "true,2,lbl,false")

-- flexible optional arguments: fire(n[, loud[, label]][, done])
seen = {}
local done = 0
e:fire(1, function(self) done = done + 1 end)
check("skip to function", done == 1 and seen[1] == "true,1,lbl,false")
seen = {}
e:fire(1, "other")
check("skip to string", seen[1] == "true,1,other,false")
seen = {}
e:fire(1, 1, "x", function() done = done + 1 end)
check("all given (flag as 0/1)", done == 2 and seen[1] == "true,1,x,true")
seen = {}
e:fire(1, nil, nil, nil)
check("nil takes the default", seen[1] == "true,1,lbl,false")

-- table-shaped argument and unions
check("configure number", e:configure(3) == 3)
check("configure table", e:configure({ step = 5, label = "new", loud = 1 }) == 5 and e:label_() == "new")
seen = {}
e:fire(1)
check("step applied", seen[1] == "true,5,new,false")

-- callbacks are refs: replacing and clearing
e:on("event", nil)
seen = {}
e:fire(1)
check("cleared callback not called", #seen == 0)

-- an error in a callback is reported, the module goes on
e:on("event", function() error("boom") end)
check("callback error does not break", e:fire(2) == 2)

-- Lua's standard argument errors
print("err1: " .. err(e.fire, e, "x"))
print("err2: " .. err(e.fire, e, 300))
print("err3: " .. err(e.on, e, "event", 5))
print("err4: " .. err(e.on, e, "nope", nil))
print("err5: " .. err(e.configure, e, "s"))
print("err6: " .. err(e.configure, e, { label = 5 }))
print("err7: " .. err(e.fire, e, 1, true, "l", 5))
print("err8: " .. err(emitter.Emitter))
print("err9: " .. err(e.label_, {}))

-- garbage collection releases the userdata's refs
local weak = setmetatable({}, { __mode = "v" })
weak[1] = emitter.Emitter("tmp")
weak[1]:on("event", function() end)
collectgarbage(); collectgarbage()
check("collected", weak[1] == nil)
