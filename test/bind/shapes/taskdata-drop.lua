-- Run with NODEMCU_HOST_TASK_QUEUE_LEN=2: of flood(10)'s 20 posts from the Lua
-- task, two fit the queue; each of the other 18 copies is freed when its post
-- fails (LeakSanitizer sees any that is not), logged and counted.
SINK = taskdata.Sink(function(_, seq, a) print("received " .. (type(a) == "table" and "list " or "message ") .. seq) end)
print("posted " .. taskdata.flood(10))
