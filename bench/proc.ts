/** Child processes for the benchmark: run to completion, or keep running with line-wise stdout. */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface Done { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs a command to completion; `ms` is wall time from spawn to exit. */
export function run(cmd: string, args: string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<Done> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { ...opts, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs) : undefined;
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
    child.stdin!.on("error", () => { /* child exited early */ });
    child.stdin!.end(opts.input ?? "");
  });
}

export interface Running {
  child: ChildProcess;
  /** resolves with the first stdout line matching re */
  line(re: RegExp, timeoutMs?: number): Promise<string>;
  done: Promise<Done>;
  stdout(): string;
  stderr(): string;
}

/** Starts a command and lets the caller wait for lines on its stdout. */
export function start(cmd: string, args: string[], opts: SpawnOptions = {}): Running {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  const waiters: Array<{ re: RegExp; resolve: (s: string) => void }> = [];
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = out.split("\n").find((l) => waiters[i]!.re.test(l));
      if (m !== undefined) waiters.splice(i, 1)[0]!.resolve(m);
    }
  };
  child.stdout!.on("data", (d: Buffer) => { out += d.toString(); check(); });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<Done>((resolve) => child.once("close", (code, signal) =>
    resolve({ code, signal, stdout: out, stderr: err, ms: Number(process.hrtime.bigint() - t0) / 1e6 })));
  return {
    child,
    done,
    stdout: () => out,
    stderr: () => err,
    line: (re, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line ${re} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err.slice(0, 2000)}`)), timeoutMs);
      const w = { re, resolve: (s: string) => { clearTimeout(timer); resolve(s); } };
      waiters.push(w);
      check();
      void done.then(() => { if (waiters.includes(w)) { clearTimeout(timer); reject(new Error(`exited without ${re}; stdout:\n${out}\nstderr:\n${err.slice(0, 2000)}`)); } });
    }),
  };
}

/** Feeds `n` lines of `size` bytes to `mosquitto_pub -l`, optionally paced (lines per 10 ms). */
export async function mosquittoPub(port: number, topic: string, n: number, opts: { qos?: number; size?: number; perTick?: number } = {}): Promise<Done> {
  const line = "x".repeat(opts.size ?? 100) + "\n";
  const args = ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "-q", String(opts.qos ?? 0), "-l"];
  if (!opts.perTick) return run("mosquitto_pub", args, { input: line.repeat(n) });
  const t0 = process.hrtime.bigint();
  const child = spawn("mosquitto_pub", args, { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<Done>((resolve) => child.once("close", (code, signal) =>
    resolve({ code, signal, stdout: "", stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 })));
  for (let sent = 0; sent < n; sent += opts.perTick) {
    child.stdin!.write(line.repeat(Math.min(opts.perTick, n - sent)));
    await new Promise((r) => setTimeout(r, 10));
  }
  child.stdin!.end();
  return closed;
}
