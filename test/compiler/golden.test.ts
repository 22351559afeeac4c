/**
 * Golden tests: each test/compiler/golden/<name>.ts compiles to exactly the
 * checked-in <name>.c, and every golden compiles with -Werror under gcc (and
 * clang when installed). `UPDATE_GOLDEN=1 npx vitest run test/compiler/golden`
 * rewrites the .c files. A golden whose first line is `// tsc2c: --line-directives`
 * is built with that option.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { cCompilers, pool, repoRoot, run, strictFlags, tsc2c } from "./helpers.ts";

const dir = join(repoRoot, "test", "compiler", "golden");
const update = process.env.UPDATE_GOLDEN === "1";
const goldens = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
const work = mkdtempSync(join(tmpdir(), "tsc2c-golden-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function options(file: string): { lineDirectives: boolean } {
  const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
  return { lineDirectives: /^\/\/ tsc2c:.*--line-directives/.test(first) };
}

function build(name: string): string {
  const ts = join(dir, name);
  const out = ts.replace(/\.ts$/, ".c");
  const r = compile(ts, { outFile: out, ...options(ts) });
  if (r.c === undefined) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, repoRoot)).join("\n"));
  return r.c;
}

describe("golden C output", () => {
  it("has goldens, one of them with --line-directives", () => {
    expect(goldens.length).toBeGreaterThan(5);
    expect(goldens.some((g) => options(join(dir, g)).lineDirectives)).toBe(true);
  });

  for (const g of goldens) {
    it(g, () => {
      const c = build(g);
      const golden = join(dir, g.replace(/\.ts$/, ".c"));
      if (update || !existsSync(golden)) {
        if (!update) throw new Error(`${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/compiler/golden`);
        writeFileSync(golden, c);
      }
      expect(c).toBe(readFileSync(golden, "utf8"));
    });
  }

  it("every golden compiles with -Werror under " + cCompilers.join(" and "), async () => {
    const jobs = goldens.flatMap((g) => cCompilers.map((cc) => ({ g, cc })));
    const results = await pool(jobs, 2, async ({ g, cc }) => {
      const c = join(dir, g.replace(/\.ts$/, ".c"));
      const r = await run(cc, [...strictFlags, "-O2", "-c", c, "-o", join(work, `${g}.${cc}.o`)]);
      return r.code === 0 ? "" : `${cc} ${g}:\n${r.stderr}`;
    });
    expect(results.filter(Boolean).join("\n")).toBe("");
  });

  it("two builds are byte-identical (deterministic output, separate processes)", async () => {
    const src = join(dir, "structs.ts");
    const [a, b] = await Promise.all([1, 2].map(async (i) => {
      const out = join(work, `det${i}.c`);
      const r = await tsc2c(["build", src, "-o", out]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return readFileSync(out);
    }));
    expect(a!.equals(b!)).toBe(true);
    // and the in-process build agrees with the command line
    expect(a!.toString("utf8").replace(/from [^:]*:/, "")).toBe(build("structs.ts").replace(/from [^:]*:/, ""));
  });
});
