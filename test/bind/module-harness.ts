// The harness of the small binding modules (test/bind/regress, test/bind/strswitch): each
// <name>.ts compiles without diagnostics into C, and its <name>.lua, run in nodemcu-host under
// ASan+UBSan with Lua 5.1 and 5.3, prints one "ok <check>" line per check, then "done".
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";

/** Compiles `<dir>/<name>.ts` (no diagnostic allowed) and returns the path of its C, in a fresh temporary folder. */
export function compileModule(dir: string, name: string): string {
  const moduleC = join(mkdtempSync(join(tmpdir(), `${name}-`)), `${name}.c`);
  const r = compile(join(dir, `${name}.ts`), { outFile: moduleC });
  expect(r.diagnostics.map((d) => formatDiagnostic(d, process.cwd()))).toEqual([]);
  writeFileSync(moduleC, r.c!);
  return moduleC;
}

/** One test per Lua version: `<dir>/<name>.lua` passes all its `checks` checks with the module built in. */
export function runsUnderBothLuas(what: string, dir: string, name: string, moduleC: () => string, checks: number): void {
  for (const lua of ["5.1", "5.3"] as const) {
    it(`${what} under Lua ${lua} (ASan+UBSan)`, async () => {
      const r = await runHost({ script: join(dir, `${name}.lua`), lua, mqtt: false, with: [moduleC()], timeout: 30, sanitize: true });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split("\n");
      expect(lines.filter((l) => !l.startsWith("ok ")), r.stdout).toEqual(["done"]);
      expect(lines.length).toBe(checks + 1);
    }, 300_000);
  }
}
