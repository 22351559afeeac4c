// The tmr module: NodeMCU's modes and lifecycle, under both Lua versions.
import { describe, expect, it } from "vitest";
import { LUA_VERSIONS, run } from "./helpers.ts";

describe.each(LUA_VERSIONS)("tmr on Lua %s", (lua) => {
  it("ALARM_SINGLE fires once after its interval with the timer as argument", async () => {
    const r = await run(lua, "tmr_single.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["alarm\ttrue", "state\ttrue\t0", "fired\ttrue\tnil"]);
    expect(r.ms).toBeGreaterThanOrEqual(195);
  });

  it("ALARM_AUTO repeats, honours interval(), stops on unregister()", async () => {
    const r = await run(lua, "tmr_auto.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "tick\t1\ttrue\t1",
      "tick\t2\ttrue\t1",
      "tick\t3\ttrue\t1",
      "tick\t4\ttrue\t1",
      "unregistered\tnil",
    ]);
    // 20 + 20 ms, then 10 + 10 ms after interval(10)
    expect(r.ms).toBeGreaterThanOrEqual(55);
  });

  it("ALARM_SEMI fires once per start()", async () => {
    const r = await run(lua, "tmr_semi.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "registered\tfalse\t2",
      "start\ttrue",
      "start again\tfalse",
      "fired\t1\tfalse\t2",
      "restart\ttrue",
      "fired\t2\tfalse\t2",
      "restart\ttrue",
      "fired\t3\tfalse\t2",
    ]);
    expect(r.ms).toBeGreaterThanOrEqual(85);
  });

  it("stop() and unregister() cancel; a running timer survives garbage collection", async () => {
    const r = await run(lua, "tmr_stop.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("MUST NOT FIRE");
    expect(r.lines).toEqual([
      "stop\ttrue\tfalse",
      "stopped state\tfalse\t0",
      "unregistered state\tnil",
      "start after unregister\tfalse\ttimer not registered",
      "anonymous fired\tnil",
    ]);
  });

  it("rejects bad arguments with Lua's standard messages", async () => {
    const r = await run(lua, "tmr_errors.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "false\tbad argument #1 to 'alarm' (Range: 1-6870947)",
      "false\tbad argument #2 to 'alarm' (Invalid mode)",
      "false\tbad argument #1 to 'start' (tmr.timer expected, got number)",
      "false\ttimer not registered",
      "false\tbad argument #3 to 'register' (function expected, got number)",
      "false\tbad argument #1 to 'interval' (Range: 1-6870947)",
      "false\tbad argument #1 to 'alarm' (number expected, got string)",
    ]);
  });
});
