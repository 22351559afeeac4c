import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { strictFlags } from "./helpers.ts";

// Kconfig decides at C compile time; TypeScript sees kconfig() as false. Whatever the
// symbol, the generated C must build under -Wall -Wextra -Werror and do what the source says.
describe("kconfig(): C that builds with the symbol on and off", () => {
  const dir = mkdtempSync(join(tmpdir(), "tsc2c-kconfig-"));
  const c = join(dir, "only.c");
  const result = compile("test/compiler/fixtures/kconfig/only-under-kconfig.ts", { outFile: c });
  if (result.c !== undefined) writeFileSync(c, result.c);

  it("compiles, wrapping functions used only in one branch in that branch's #if", () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.c).toMatch(/#if defined\(CONFIG_DEMO_TLS\) && CONFIG_DEMO_TLS\nstatic int tls_only\(int n\);\n#endif/);
    expect(result.c).toMatch(/#if !\(defined\(CONFIG_DEMO_TLS\) && CONFIG_DEMO_TLS\)\nstatic void plain_only\(void\);\n#endif/);
    expect(result.c).toMatch(/#if defined\(CONFIG_DEMO_TLS\) && CONFIG_DEMO_TLS\nstatic bool wanted\(int n\);\n#endif/);
  });

  for (const [flags, expected] of [[[], "plain\n0\n"], [["-DCONFIG_DEMO_TLS=1"], "wanted\n42\n"]] as const) {
    it(`builds with -Werror and runs ${flags.length ? "with" : "without"} CONFIG_DEMO_TLS`, () => {
      const exe = join(dir, `only${flags.length}`);
      execFileSync("gcc", [...strictFlags, ...flags, c, "-o", exe]);
      expect(execFileSync(exe, { encoding: "utf8" })).toBe(expected);
    });
  }
});
