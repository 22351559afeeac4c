import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";

// The binding layer end to end: module-src/examples/emitter.ts compiled by tsc2c,
// built into nodemcu-host with -Werror, exercised from Lua 5.1 and 5.3.
const scenarios = join(import.meta.dirname, "scenarios");
let moduleC = "";

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "emitter-"));
  moduleC = join(dir, "emitter.c");
  const result = compile("module-src/examples/emitter.ts", { outFile: moduleC });
  expect(result.diagnostics).toEqual([]);
  writeFileSync(moduleC, result.c!);
});

const expectedErrors = [
  "err1: bad argument #2 to '?' (number expected, got string)",
  "err2: bad argument #2 to '?' (out of range)",
  "err3: bad argument #3 to '?' (function expected, got number)",
  "err4: unknown event (expected \"event\" or \"done\")",
  "err5: bad argument #2 to '?' (number or table expected, got string)",
  "err6: field 'label': string expected, got number",
  "err7: bad argument #5 to '?' (function expected, got number)",
  "err8: bad argument #1 to '?' (string expected, got no value)",
  "err9: bad argument #1 to '?' (emitter.obj expected, got table)",
];

for (const lua of ["5.1", "5.3"] as const) {
  describe(`emitter module under Lua ${lua}`, () => {
    it("passes every binding check and raises Lua's standard argument errors", async () => {
      // under ASan/UBSan: the check below is only meaningful in a sanitized build
      const r = await runHost({ script: join(scenarios, "emitter.lua"), lua, mqtt: false, with: [moduleC], timeout: 30, sanitize: true });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      // 1: the scenario's callback raises on purpose, and nodemcu-host exits 1 after any unhandled callback error
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split("\n");
      expect(lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
      expect(lines.filter((l) => l.startsWith("ok ")).length).toBe(20);
      expect(lines).toContain("kind error: bad argument #1 to '?' (string or number or boolean expected, got table)");
      for (const e of expectedErrors) expect(lines).toContain(e);
      // the callback error is reported with a traceback and the script goes on
      expect(r.stderr).toMatch(/boom/);
    });

    it("delivers events raised on a foreign thread through the task queue, in order", async () => {
      const r = await runHost({ script: join(scenarios, "thread.lua"), args: ["50"], lua, mqtt: false, with: [moduleC], timeout: 30 });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe("thread events: 50");
    });

    it("logs and counts every event a full task queue refuses", async () => {
      const r = await runHost({ script: join(scenarios, "thread-drop.lua"), lua, mqtt: false, with: [moduleC], timeout: 30, env: { NODEMCU_HOST_TASK_QUEUE_LEN: "2" } });
      expect(r.code).toBe(0);
      const received = Number(/received (\d+)/.exec(r.stdout)?.[1]);
      const drops = [...r.stderr.matchAll(/tick: Lua task queue full, event dropped \((\d+) so far\)/g)].map((m) => Number(m[1]));
      expect(drops.length).toBeGreaterThan(0);
      // the counter counts each drop once, and nothing is lost without a log line
      expect(drops).toEqual(drops.map((_, i) => i + 1));
      expect(received + drops.length).toBe(100);
    });
  });
}
