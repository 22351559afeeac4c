// When the runner ends and how: idle exit, os.exit, --timeout, script and
// callback errors, the arg table.
import { describe, expect, it } from "vitest";
import { LUA_VERSIONS, run } from "./helpers.ts";

describe.each(LUA_VERSIONS)("runner lifecycle on Lua %s", (lua) => {
  it("exits 0 as soon as nothing is left to wait for", async () => {
    const r = await run(lua, "idle.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([`hello from\tLua ${lua}`]);
    expect(r.ms).toBeLessThan(2000);
  });

  it("offers modules as globals through _G's metatable, like NodeMCU's ROM index", async () => {
    const r = await run(lua, "globals.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["nil\ttable\ttable", "table"]);
  });

  it("passes arg and the script's varargs", async () => {
    const r = await run(lua, "args.lua", { args: ["one", "two words"] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["arg0\targs.lua", "argn\t2\tone\ttwo words", "varargs\t2\tone\ttwo words"]);
  });

  it("os.exit(code) in a callback ends the run with that code", async () => {
    const r = await run(lua, "os_exit.lua");
    expect(r.code).toBe(7);
    expect(r.lines).toEqual(["armed", "exiting"]);
  });

  it("--timeout stops a script that never goes idle, non-zero with a message", async () => {
    const r = await run(lua, "forever.lua", { timeout: 0.5 });
    expect(r.code).toBe(124);
    expect(r.lines).toEqual(["waiting"]);
    expect(r.stderr).toContain("timeout: still running after 0.5 s");
    expect(r.ms).toBeGreaterThanOrEqual(450);
    expect(r.ms).toBeLessThan(5000);
  });

  it("--timeout also stops a busy Lua loop", async () => {
    const r = await run(lua, "busy.lua", { timeout: 0.5 });
    expect(r.code).toBe(124);
    expect(r.stdout).toContain("spinning");
    expect(r.stderr).toContain("timeout");
  });

  it("a script error exits 1 with the traceback", async () => {
    const r = await run(lua, "script_error.lua");
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(["before"]);
    expect(r.stderr).toMatch(/script_error\.lua:3: attempt to index/);
    expect(r.stderr).toContain("stack traceback:");
    expect(r.stderr).toMatch(/script_error\.lua:6: in main chunk/);
  });

  it("a callback error prints a traceback on stderr, the runner goes on, and exits 1 at the end", async () => {
    const r = await run(lua, "callback_error.lua");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/nodemcu-host: 1 error in callbacks or tasks \(tracebacks above\): exit status 1\n$/);
    expect(r.lines).toEqual(["task ran at priority\t1", "still running"]);
    expect(r.stderr).toContain("callback_error.lua:4: oops in callback");
    expect(r.stderr).toContain("stack traceback:");
    // 5.1 says "in function 'fail_here'", 5.3 "in upvalue 'fail_here'"
    expect(r.stderr).toMatch(/callback_error\.lua:4: in \w+ 'fail_here'/);
  });

  it("node.setonerror receives callback errors, and handled errors leave the exit status 0", async () => {
    const r = await run(lua, "onerror.lua");
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["onerror\ttrue\ttrue"]);
    expect(r.stderr).toBe("");
  });
});
