/**
 * Where mutants run (run.ts, run-generated.ts): a copy of the repository, so
 * the worktree is never touched, and vitest started in it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A copy of the tracked files (node_modules linked), so the worktree stays untouched while mutants run. */
export function copyRepo(root: string, source: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-mutation-"));
  const files = spawnSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    cpSync(path.join(root, f), path.join(dir, f));
  }
  // uncommitted edits of the mutated file count too
  cpSync(path.join(root, source), path.join(dir, source));
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/**
 * Runs vitest on `files` (and the -t pattern `names`, if any) under Lua 5.3 only; its summary line.
 * `bail`: stop at the first failing test (a mutant is killed by one failure; the rest would only cost time).
 */
export function runVitest(dir: string, files: string[], names?: string, bail = false): { status: number | null; out: string; summary: string } {
  const args = ["vitest", "run", ...files, ...(names ? ["-t", names] : []), ...(bail ? ["--bail=1"] : [])];
  const r = spawnSync("npx", args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, MQTT_TEST_LUA: "5.3" },
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout + r.stderr;
  const summary = /Tests\s+([^\n]*)/.exec(out)?.[1]?.replace(/\x1b\[[0-9;]*m/g, "").trim() ?? (r.error ? String(r.error) : "no summary");
  return { status: r.status, out, summary };
}
