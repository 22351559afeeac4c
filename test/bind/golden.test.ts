// Goldens of the Lua glue: the C that the binding emits for the example modules
// (module-src/examples/emitter.ts, test/bind/regress/regress.ts) is checked in,
// so every change to the binding shows up as a reviewed diff; each golden builds
// into nodemcu-host with -Werror for Lua 5.1 and 5.3.
// `UPDATE_GOLDEN=1 npx vitest run test/bind/golden` rewrites them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { REPO_ROOT, buildHost } from "../../host/runner/build.ts";

const update = process.env.UPDATE_GOLDEN === "1";
const goldenDir = join(import.meta.dirname, "golden");
const modules = [join(REPO_ROOT, "module-src/examples/emitter.ts"), join(import.meta.dirname, "regress/regress.ts")];

describe("binding goldens", () => {
  for (const src of modules) {
    const name = src.split("/").pop()!.replace(/\.ts$/, ".c");
    const golden = join(goldenDir, name);
    it(`${name} is exactly the checked-in glue`, () => {
      const r = compile(src, { outFile: golden });
      expect(r.diagnostics).toEqual([]);
      if (update) writeFileSync(golden, r.c!);
      expect(existsSync(golden), `${golden} missing: run UPDATE_GOLDEN=1 npx vitest run test/bind/golden`).toBe(true);
      expect(r.c).toBe(readFileSync(golden, "utf8"));
    });

    for (const lua of ["5.1", "5.3"] as const) {
      it(`${name} builds with -Werror against Lua ${lua}`, async () => {
        await expect(buildHost({ lua, mqtt: false, with: [golden] })).resolves.toBeDefined();
      }, 300_000);
    }
  }
});
