/** Shared helpers of the compiler tests: running the CLI, C compilers, a small worker pool. */
import { execFile, execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cliPath = join(repoRoot, "compiler", "cli", "tsc2c.mjs");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; never rejects (a failing exit is a result, not an exception). */
export function run(cmd: string, args: string[], options: { cwd?: string; timeout?: number; encoding?: BufferEncoding } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd: options.cwd ?? repoRoot, timeout: options.timeout ?? 60_000, maxBuffer: 64 << 20, encoding: options.encoding ?? "utf8" },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) + (err && typeof (err as { code?: unknown }).code !== "number" ? String(err.message) : "") });
      });
  });
}

/** The tsc2c command line, as a child process (as a user runs it). */
export function tsc2c(args: string[], cwd = repoRoot): Promise<RunResult> {
  return run(process.execPath, [cliPath, ...args], { cwd });
}

export function hasCompiler(cc: string): boolean {
  try {
    execFileSync(cc, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The C compilers every generated file must satisfy: gcc always, clang when installed. */
export const cCompilers: string[] = ["gcc", ...(hasCompiler("clang") ? ["clang"] : [])];

export const strictFlags = ["-std=gnu99", "-Wall", "-Wextra", "-Werror"];

/** Maps `items` through `f` with at most `limit` running at a time; keeps the order. */
export async function pool<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
