// How nodemcu-host compiles C where it matters for behaviour: every unit
// with -funsigned-char (char is unsigned on Xtensa), our own units with the
// strict set, --with modules alone with ESP-IDF v5.1.3's component set.
// Flags are read back from each unit's DWARF producer string; the warning
// set from what builds and what does not.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HostBuildError, IDF_COMPONENT_FLAGS, REPO_ROOT, buildHost } from "../../../host/runner/build.ts";
import { FIXTURES, RINGBUF, run, unitFlags } from "./helpers.ts";

describe("C semantics of the host build", () => {
  it("compiles every unit, ours, the esp-mqtt port, mqtt.c and --with modules, with -funsigned-char", async () => {
    const r = await buildHost({ lua: "5.3", with: [RINGBUF] });
    const units = unitFlags(r.binary);
    const names = [...units.keys()].map((u) => u.slice(REPO_ROOT.length + 1));
    expect(names).toContain("components/modules/mqtt.c");
    expect(names).toContain("test/host/platform/fixtures/ringbuf.c");
    expect(names.some((n) => n.startsWith("host/esp-mqtt/"))).toBe(true);
    for (const [unit, flags] of units) expect(flags, unit).toContain("-funsigned-char");
    // the --with module alone is gnu17 (IDF), the rest gnu99 (ours)
    for (const [unit, flags] of units) expect(flags, unit).toContain(unit === RINGBUF ? "-std=gnu17" : "-std=gnu99");
  });

  it("--with modules get IDF's component warnings: sign-compare and unused ones pass, reported", async () => {
    expect(IDF_COMPONENT_FLAGS).toContain("-Wno-sign-compare");
    // a build directory of its own, so gcc runs and its warnings are there to read
    const buildDir = mkdtempSync(join(tmpdir(), "idf-warnings-"));
    try {
      const r = await buildHost({ lua: "5.3", mqtt: false, with: [join(FIXTURES, "idf_warnings.c")], buildDir });
      expect(r.cached).toBe(false);
      expect(r.warnings).toMatch(/idf_warnings\.c:\d+:\d+: warning: unused variable .unused./);
      expect(r.warnings).not.toMatch(/sign-compare|unused-parameter/);
    } finally {
      rmSync(buildDir, { recursive: true, force: true });
    }
  });

  it("and -Wall's other warnings are errors there (-Werror=all)", async () => {
    const err = await buildHost({ lua: "5.3", mqtt: false, with: [join(FIXTURES, "idf_error.c")] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostBuildError);
    expect((err as HostBuildError).log).toMatch(/idf_error\.c:\d+:\d+: error: control reaches end of non-void function \[-Werror=return-type\]/);
  });

  it("the module built with IDF's flags runs", async () => {
    const r = await run("5.1", "idf_warnings.lua", { with: [join(FIXTURES, "idf_warnings.c")] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toEqual(["true\tfalse"]);
  });
});
