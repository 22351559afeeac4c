---@meta node
-- Editor definitions (LuaLS) for the part of the `node` module that nodemcu-host
-- offers (host/platform/node.c). Hand-written; never loaded at run time.
-- test/repo/lua-stubs.test.ts compares them with the runner's module.

---A task priority: one of the node.task.*_PRIORITY constants.
---@alias node.priority
---| 0 # node.task.LOW_PRIORITY
---| 1 # node.task.MEDIUM_PRIORITY
---| 2 # node.task.HIGH_PRIORITY

---The node module.
---@class nodelib
node = {}

---Free heap in bytes (on the host: a nominal 4 MiB minus what Lua holds).
---@return integer bytes
function node.heap() end

---Time since start in microseconds: the low 53 bits as a number, the rest as an integer.
---@return number microseconds
---@return integer high bits above 53
function node.uptime() end

---Sets the function that receives every error raised in a callback or task (its
---traceback text). Without a function, the default handler is back: it writes the
---report to stderr, and nodemcu-host then exits 1 at the end (docs/host.md).
---@param handler? fun(message: string)
function node.setonerror(handler) end

---Running Lua functions later, from the task queue.
---@class node.tasklib
node.task = {}

---Lowest priority.
node.task.LOW_PRIORITY = 0
---The default priority of node.task.post.
node.task.MEDIUM_PRIORITY = 1
---Highest priority.
node.task.HIGH_PRIORITY = 2

---Queues fn to run in the Lua task, after the current callback returns.
---@param priority node.priority
---@param fn fun(priority: integer)
---@overload fun(fn: fun(priority: integer))
function node.task.post(priority, fn) end
