// host_runtime_hold/release: a service thread keeps the runner alive until
// it has posted its last event.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { FIXTURES, LUA_VERSIONS, run } from "./helpers.ts";

describe.each(LUA_VERSIONS)("runtime holds on Lua %s", (lua) => {
  it("waits while held, delivers the last event, then exits 0", async () => {
    const r = await run(lua, "held.lua", { with: [join(FIXTURES, "holder.c")] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["script done", "event after\t150", "second event after\t50"]);
    expect(r.ms).toBeGreaterThanOrEqual(195);
  });
});
