/** Runs compiler-mutate.ts as a child (a hang is a failure too) and sums its outcomes. */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { here, root } from "./helpers.ts";

export interface MutantResult { i: number; file: string; ops: string[]; outcome: "c" | "diagnostics" | "crash" | "unlocated"; detail: string }

export interface MutationRun { results: MutantResult[]; hungAt?: number; stderr: string; code: number | null; workDir: string }

export function runMutations(seed: number, count: number, timeoutMs: number): Promise<MutationRun> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `tsc2c-mutants-${seed}-`));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "compiler-mutate.ts"), String(seed), String(count), workDir],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      const results: MutantResult[] = [];
      let lastStart: number | undefined;
      for (const line of out.split("\n")) {
        if (line.startsWith("start ")) lastStart = Number(line.slice(6));
        else if (line.startsWith("{")) results.push(JSON.parse(line) as MutantResult);
      }
      const hungAt = lastStart !== undefined && !results.some((r) => r.i === lastStart) ? lastStart : undefined;
      resolve({ results, ...(hungAt !== undefined ? { hungAt } : {}), stderr: err, code, workDir });
    });
  });
}
