// CI has no NodeMCU checkout, so the tests that `npm run check:upstream` runs
// against NodeMCU's own modules run here against our probe modules
// (probes/*.c), which use the same host surface: lmem.h, luaconf's compat
// macros, unsigned char, LUAL_BUFFERSIZE, mbedTLS. struct has no probe: its
// test needs a full struct implementation and exercises none of that surface
// (check:upstream runs it against NodeMCU's struct.c).
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { REPO_ROOT } from "../../../host/runner/build.ts";
import { LUA_VERSIONS, runModuleTest } from "./suite.ts";

const PROBES = join(REPO_ROOT, "test/host/upstream/probes");

describe.each(LUA_VERSIONS)("probe modules on Lua %s (ASan/UBSan)", (lua) => {
  it("the host compiles a module as the ESP32 does: (char)0xff is 255, LUAL_BUFFERSIZE 256, luaL_Buffer, lmem.h, compat macros", async () => {
    const r = await runModuleTest(lua, "probe", [join(PROBES, "probe.c")]);
    expect(r.ok, r.log).toBe(true);
    expect(r.summary).toBe("25 checks");
  });

  it.each(["bit", "encoder", "pipe", "crypto"])("lua/%s.lua passes against its probe module", async (module) => {
    const r = await runModuleTest(lua, module, [join(PROBES, `${module}.c`)]);
    expect(r.ok, r.log).toBe(true);
    expect(r.warnings, "IDF's component flags report nothing for the probes").toBe("");
  });
});
