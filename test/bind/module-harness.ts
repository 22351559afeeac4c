// The harness of the small binding modules (test/bind/regress): each
// <name>.ts compiles without diagnostics into C, and its <name>.lua, run in nodemcu-host under
// ASan+UBSan with Lua 5.1 and 5.3, prints one "ok <check>" line per check, then "done".
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { buildHost, REPO_ROOT, runHost } from "../../host/runner/build.ts";
import { run } from "../compiler/helpers.ts";
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

/**
 * One test per C compiler (gcc, clang): the module's C compiles against the host's NodeMCU
 * headers (its sdkconfig.h from the host build) under -Wall -Wextra -Werror, with char
 * unsigned as on the ESP32, for Lua 5.1 and 5.3.
 */
export function compilesWithBothCompilers(what: string, moduleC: () => string): void {
  for (const cc of ["gcc", "clang"]) {
    it(`${what}: ${cc} -Wall -Wextra -Werror -funsigned-char`, async () => {
      for (const lua of ["5.1", "5.3"] as const) {
        const { dir } = await buildHost({ lua, mqtt: false, with: [moduleC()], sanitize: true });
        const r = await run(cc, ["-std=gnu99", "-Wall", "-Wextra", "-Werror", "-funsigned-char", "-fsyntax-only",
          `-I${dir}`, `-I${join(REPO_ROOT, "host/include")}`, `-I/usr/include/lua${lua}`, moduleC()]);
        expect(r.stderr, `${cc}, Lua ${lua}`).toBe("");
        expect(r.code, `${cc}, Lua ${lua}`).toBe(0);
      }
    }, 300_000);
  }
}
