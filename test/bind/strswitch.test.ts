// A chain of equals() tests on one string is a switch over bytes_index() from
// four names on (compiler/bind/strswitch.ts): the C reads that way, builds into
// nodemcu-host with -Werror, and behaves as the chain in Lua 5.1 and 5.3 under ASan+UBSan.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";

const dir = join(import.meta.dirname, "strswitch");
let moduleC = "";

beforeAll(() => {
  moduleC = join(mkdtempSync(join(tmpdir(), "strswitch-")), "strswitch.c");
  const r = compile(join(dir, "strswitch.ts"), { outFile: moduleC });
  expect(r.diagnostics.map((d) => formatDiagnostic(d, process.cwd()))).toEqual([]);
  writeFileSync(moduleC, r.c!);
});

describe("equals() chains as a switch", () => {
  it("emits a switch for which() and tally(), an if chain for tallyUntilStop()", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/switch \(bytes_index\(name, "one\\000two\\000four\\000fo\\000two\\000"\)\) \{\n  case 0:\n    \/\* "one" \*\/\n/);
    expect(c).toMatch(/switch \(bytes_index\(slot_bytes\(L, -2\), "a\\000b\\000c\\000d\\000"\)\)/);
    expect(c.match(/bytes_index\(/g)?.length).toBe(3); // the helper and its two calls
    expect(c).toMatch(/memcmp\(slot_bytes\(L, -2\)\.ptr, "stop", 4\)/);
  });

  for (const lua of ["5.1", "5.3"] as const) {
    it(`behaves as the chain under Lua ${lua} (ASan+UBSan)`, async () => {
      const r = await runHost({ script: join(dir, "strswitch.lua"), lua, mqtt: false, with: [moduleC], timeout: 30, sanitize: true });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split("\n");
      expect(lines.filter((l) => !l.startsWith("ok ")), r.stdout).toEqual(["done"]);
      expect(lines.length).toBe(7);
    }, 300_000);
  }
});
