/**
 * Compiler robustness, short run: ~50 randomly mutated TypeScript inputs
 * (tokens and lines deleted, duplicated, swapped, replaced) through tsc2c's
 * compile(): never an exception or a hang, always C or located
 * `file(line,col): error TSC2C####` diagnostics. Plus the CLI (`tsc2c check`)
 * on one mutant: exit 0 or 1, no stack trace. Long run: test/stress/compiler.stress.test.ts.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runMutations } from "./compiler-fuzz.ts";
import { root } from "./helpers.ts";

describe("compiler: mutated inputs to tsc2c check", () => {
  it("50 mutants: C or located diagnostics, no crash, no hang", async () => {
    const run = await runMutations(7, 50, 100_000);
    const bad = run.results.filter((r) => r.outcome === "crash" || r.outcome === "unlocated");
    expect(run.hungAt, `mutant ${run.hungAt} did not finish (saved under ${run.workDir})`).toBeUndefined();
    expect(bad.map((b) => `${b.file} ${b.ops.join(", ")}: ${b.detail}`), run.stderr).toEqual([]);
    expect(run.results.length).toBe(50);
    expect(run.code).toBe(0);
  }, 120_000);

  it("the CLI reports a broken input as located diagnostics, exit 1, no stack trace", async () => {
    const run = await runMutations(8, 1, 60_000);
    const dir = run.workDir;
    const mutant = readdirSync(dir, { recursive: true }).map(String).find((f) => f.endsWith("mutant.ts"))!;
    const res = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", path.join(root, "compiler/cli/main.ts"), "check", path.join(dir, mutant)], { cwd: root },
        (err, _stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }));
    });
    // the CLI agrees with compile() on the same mutant: C -> exit 0, diagnostics -> exit 1 with located lines
    const outcome = run.results[0]?.outcome;
    expect(["c", "diagnostics"]).toContain(outcome);
    expect(res.code, res.stderr).toBe(outcome === "diagnostics" ? 1 : 0);
    expect(res.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+\)?\n/);
    if (outcome === "diagnostics") expect(res.stderr).toMatch(/^.+\(\d+,\d+\): error TSC2C\d{4}: /m);
  }, 90_000);
});
