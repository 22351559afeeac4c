// The struct port (module-src/examples/struct.ts) against the Lua test that
// `npm run check:upstream` runs against NodeMCU's own struct.c
// (test/host/upstream/lua/struct.lua), and the examples of its reference page,
// on Lua 5.1 and 5.3 under ASan+UBSan; its C compiles warning-free with gcc and clang.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runHost } from "../../host/runner/build.ts";
import { compileModule, compilesWithBothCompilers } from "../bind/module-harness.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_TESTS } from "../host/upstream/suite.ts";

let moduleC: string | undefined;
const structC = () => (moduleC ??= compileModule(join(REPO_ROOT, "module-src/examples"), "struct"));

describe.each(["5.1", "5.3"] as const)("struct port on Lua %s (ASan+UBSan)", (lua) => {
  it.each([
    ["upstream's test, lua/struct.lua", join(LUA_TESTS, "struct.lua"), 28],
    ["the port's own cases, struct-port.lua", join(REPO_ROOT, "test/examples/struct-port.lua"), 68],
  ])("%s passes", async (_what, script, checks) => {
    const r = await runHost({ script, lua, mqtt: false, with: [structC()], timeout: 60, sanitize: true });
    expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout, r.stderr).toMatch(new RegExp(`^pass ${checks} checks$`, "m"));
  }, 300_000);
});

compilesWithBothCompilers("struct port", structC);
