/**
 * Compiler robustness, long run: 600 mutated inputs (3 seeds x 200) through
 * tsc2c's compile(): never an exception or a hang, always C or located
 * `file(line,col): error TSC2C####` diagnostics.
 */
import { describe, expect, it } from "vitest";
import { runMutations } from "../reliability/compiler-fuzz.ts";

describe("stress compiler: mutated inputs", () => {
  for (const seed of [1001, 1002, 1003]) {
    it(`seed ${seed}: 200 mutants`, async () => {
      const run = await runMutations(seed, 200, 400_000);
      const bad = run.results.filter((r) => r.outcome === "crash" || r.outcome === "unlocated");
      expect(run.hungAt, `mutant ${run.hungAt} did not finish (saved under ${run.workDir})`).toBeUndefined();
      expect(bad.map((b) => `${b.file} ${b.ops.join(", ")}: ${b.detail.split("\n").slice(0, 4).join(" | ")}`), run.stderr).toEqual([]);
      expect(run.results.length).toBe(200);
      expect(run.code, run.stderr).toBe(0);
      const tally: Record<string, number> = {};
      for (const r of run.results) tally[r.outcome] = (tally[r.outcome] ?? 0) + 1;
      console.log(`seed ${seed}:`, tally);
    }, 450_000);
  }
});
