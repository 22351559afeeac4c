// A hand-written NodeMCU-style C module built in with --with: ROM tables,
// ROM metatable + luaL_checkudata, __gc, refs, Kconfig enabling.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES, LUA_VERSIONS, RINGBUF, run } from "./helpers.ts";

describe.each(LUA_VERSIONS)("--with module on Lua %s", (lua) => {
  it("runs the ringbuf module: ROM tables, metatable, checks, __gc", async () => {
    const r = await run(lua, "ringbuf_api.lua", { with: [RINGBUF] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "push\ttrue\ttrue\tfalse",
      "pop\t3\t0\tc\tnil",
      "len\t0",
      "limits\t64\t100000\t0.5",
      "meta\ttrue\tfunction\ttrue",
      // LROT_NUMENTRY is an integer under 5.3, a plain number under 5.1
      `type\t${lua === "5.3" ? "integer" : "n/a"}`,
      "false\tbad argument #1 to 'push' (ringbuf.buf expected, got table)",
      "false\tbad argument #1 to 'on' (invalid option 'bogus')",
      "false\tbad argument #1 to 'push' (string expected, got no value)",
      "false\tbad argument #1 to 'new' (capacity out of range)",
      "collected\t1",
    ]);
  });

  it("behaves as NodeMCU's lnodeaux/lauxlib extensions, ROM entries and esp_log", async () => {
    const r = await run(lua, "apicheck.lua", { with: [join(FIXTURES, "apicheck.c")] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual([
      "alloc\thello\t5",
      "pushl\t3",
      "weak\ttrue\ttrue\ttrue",
      "reref\tsecond\ttrue\ttrue",
      "toggle\ttrue\ttrue\tfalse\tfalse\tfalse\tunexpected type",
      "pcallx ok\t0\t0\tnone",
      // LUA_ERRRUN, and one value left behind: nil, as on NodeMCU
      "pcallx err\t2\t1\tnil",
      "posttask\t0",
      "rom\tuserdata\t0.5\t42\ttrue",
      "end of script",
      // reports and posted tasks run after the script, from the queue
      "reported\ttrue",
      "posted task ran\t0",
    ]);
    expect(r.stderr).toMatch(/^I \(\d+\) apicheck: info 1\nW \(\d+\) apicheck: warn two\n$/);
  });

  it("a module whose Kconfig symbol is off is not there", async () => {
    const off = await run(lua, "longkey.lua", { with: [join(FIXTURES, "longkey.c")], config: { NODEMCU_CMODULE_LONGKEY: "n" } });
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/attempt to index .*'longkey'/);
  });

  it("ROM keys longer than 32 characters are ignored, as on NodeMCU, with a warning", async () => {
    const r = await run(lua, "longkey.lua", { with: [join(FIXTURES, "longkey.c")] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["32\t32", "34\tnil"]);
    expect(r.stderr).toContain("key 'CONNACK_REFUSED_SERVER_UNAVAILABLE' is longer than 32 characters");
  });
});
