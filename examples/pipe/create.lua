-- pipe.create([cb], [prio]): a pipe, optionally with a reader callback that runs
-- as a task after writes; returning false lets the task chain lapse.
local p = pipe.create(function(pp)
  for line in pp:reader("\n") do print("got " .. line) end
  return false
end, node.task.MEDIUM_PRIORITY)
p:write("one\ntwo\n")
print("written")
--> written
--> got one
--> got two
