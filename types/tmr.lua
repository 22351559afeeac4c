---@meta tmr
-- Editor definitions (LuaLS) for the `tmr` module as nodemcu-host runs it
-- (host/platform/tmr.c, with dev-esp32's semantics). Hand-written; never loaded
-- at run time. test/repo/lua-stubs.test.ts compares them with the runner's module.

---How a timer repeats: one of the tmr.ALARM_* constants.
---@alias tmr.mode
---| 0 # tmr.ALARM_SINGLE: fires once, then the timer is unregistered
---| 1 # tmr.ALARM_AUTO: fires every interval until stopped
---| 2 # tmr.ALARM_SEMI: fires once; t:start() arms it again

---A timer object from tmr.create(). A running timer is not garbage-collected.
---@class tmr.timer
local timer = {}

---Sets the timer's interval, mode and callback. The timer is left stopped:
---t:start() runs it (t:alarm() does both).
---@param interval_ms integer milliseconds, 1 to 6870947
---@param mode tmr.mode
---@param callback fun(t: tmr.timer) called with the timer on each expiry
function timer:register(interval_ms, mode, callback) end

---t:register(interval_ms, mode, callback) then t:start().
---@param interval_ms integer milliseconds, 1 to 6870947
---@param mode tmr.mode
---@param callback fun(t: tmr.timer) called with the timer on each expiry
---@return boolean started false if it was already running
function timer:alarm(interval_ms, mode, callback) end

---Starts a registered timer; raises "timer not registered" otherwise.
---@return boolean started false if it was already running
function timer:start() end

---Stops the timer; it stays registered.
---@return boolean was_running
function timer:stop() end

---Stops the timer and drops its callback; t:state() returns nil afterwards.
function timer:unregister() end

---Changes the interval; a running timer restarts with it now.
---@param interval_ms integer milliseconds, 1 to 6870947
function timer:interval(interval_ms) end

---Whether the timer runs, and its mode; nil when it is not registered.
---@return boolean? running
---@return tmr.mode? mode
function timer:state() end

---The timer module.
---@class tmrlib
tmr = {}

---Fires once, then the timer is unregistered.
tmr.ALARM_SINGLE = 0
---Fires every interval until stopped.
tmr.ALARM_AUTO = 1
---Fires once; t:start() arms it again.
tmr.ALARM_SEMI = 2

---A new, unregistered timer.
---@return tmr.timer
function tmr.create() end

---Feeds the watchdog (nothing to do on the host).
function tmr.wdclr() end
