/**
 * Shared by test/reliability (short runs in `npm test`) and test/stress (long
 * runs in `npm run test:stress`): nodemcu-host builds, sanitizer checks, the
 * fuzz driver with broker kills, and RSS/arrival bookkeeping.
 */
import path from "node:path";
import { expect } from "vitest";
import { fileURLToPath } from "node:url";
import { buildHost, runBinary, type BuildResult, type RunResult } from "../../host/runner/build.ts";
import type { Broker } from "../helpers/broker.ts";
import { sleep } from "../helpers/ports.ts";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const luaDir = path.join(here, "lua");
export const reproDir = path.join(here, "repro");
export const root = path.resolve(here, "../..");

const sanitized = new Map<string, Promise<BuildResult>>();
let plain: Promise<BuildResult> | undefined;

/** nodemcu-host with -fsanitize=address,undefined (Lua 5.3 unless asked). */
export function sanitizedHost(lua: "5.1" | "5.3" = "5.3"): Promise<BuildResult> {
  if (!sanitized.has(lua)) sanitized.set(lua, buildHost({ lua, sanitize: true }));
  return sanitized.get(lua)!;
}

/** The default nodemcu-host (Lua 5.3). */
export function plainHost(): Promise<BuildResult> {
  plain ??= buildHost({ lua: "5.3" });
  return plain;
}

import { sanitizerReports } from "../helpers/sanitizer.ts";

export { sanitizerReports };

/** Runs a script under the sanitized build, the way runHost({ sanitize: true }) does. */
export async function runSanitized(script: string, args: string[], timeout = 60, env: Record<string, string> = {}, lua: "5.1" | "5.3" = "5.3"): Promise<RunResult> {
  const { binary } = await sanitizedHost(lua);
  return runBinary(binary, { script, args, timeout, sanitize: true, env });
}

/** A seeded PRNG for the test side (broker kill timing, mutations). */
export function prng(seed: number): (n: number) => number {
  let s = (seed >>> 0) || 1;
  return (n: number) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

export interface FuzzOutcome { result: RunResult; calls: number; kills: number; reports: string[]; summary: string }

/**
 * One fuzz process (lua/fuzz.lua) under ASan+UBSan against `broker`, which is
 * killed and restarted at seeded random moments while the script runs.
 */
export async function fuzzRun(broker: Broker, seed: number, calls: number, opts: { timeout?: number; avoid?: "known" | "none"; lua?: "5.1" | "5.3" } = {}): Promise<FuzzOutcome> {
  const run = runSanitized(path.join(luaDir, "fuzz.lua"), [String(broker.port), String(seed), String(calls), "10", opts.avoid ?? "known", "10"],
    opts.timeout ?? 120, {}, opts.lua ?? "5.3");
  let finished = false;
  void run.finally(() => (finished = true));
  const rnd = prng(seed * 7919 + 1);
  let kills = 0;
  const chaos = (async () => {
    while (!finished) {
      await sleep(200 + rnd(1200));
      if (finished) break;
      await broker.kill();
      kills++;
      await sleep(50 + rnd(700));
      await broker.restart();
    }
  })();
  const result = await run;
  await chaos;
  if (!broker.running()) await broker.restart();
  const m = /fuzz done calls=(\d+).*/.exec(result.stdout);
  return { result, calls: m ? Number(m[1]) : 0, kills, reports: sanitizerReports(result.stderr), summary: m ? m[0] : "" };
}

/**
 * Publishes "seq <i>" for i in [from, to] at QoS 1 with `mosquitto_pub -l`, in
 * chunks; a chunk whose mosquitto_pub did not exit 0 (broker killed, not yet
 * back) is sent again: at least once from the publisher's side.
 */
export async function publishSeq(broker: Broker, topic: string, from: number, to: number, chunk = 100, onChunk?: (next: number) => Promise<void> | void): Promise<{ retries: number }> {
  const { spawn } = await import("node:child_process");
  let retries = 0;
  for (let start = from; start <= to; start += chunk) {
    const end = Math.min(to, start + chunk - 1);
    let lines = "";
    for (let i = start; i <= end; i++) lines += `seq ${i}\n`;
    for (;;) {
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn("mosquitto_pub", ["-h", broker.host, "-p", String(broker.port), "-t", topic, "-q", "1", "-l"], { stdio: ["pipe", "ignore", "ignore"] });
        child.once("error", () => resolve(-1));
        child.once("close", (c) => resolve(c));
        child.stdin.on("error", () => { /* exited early */ });
        child.stdin.end(lines);
      });
      if (code === 0) break;
      retries++;
      await sleep(200);
    }
    await onChunk?.(end + 1);
  }
  return { retries };
}

export interface LoadOutcome {
  code: number; stdout: string; stderr: string;
  acked: number; received: number; dups: number; lost: number; failed: number;
  rss2: number; rssEnd: number; dropped: number;
}

/** lua/load.lua in the plain build (RSS without sanitizer shadow memory). */
export async function runLoad(port: number, clients: number, n: number, window: number, timeout = 300): Promise<LoadOutcome> {
  const { binary } = await plainHost();
  const r = await runBinary(binary, { script: path.join(luaDir, "load.lua"), args: [String(port), String(clients), String(n), String(window)], timeout });
  const num = (re: RegExp) => Number(re.exec(r.stdout)?.[1] ?? NaN);
  return {
    code: r.code, stdout: r.stdout, stderr: r.stderr,
    acked: num(/acked=(\d+)/), received: num(/received=(\d+)/), dups: num(/dups=(\d+)/), lost: num(/lost=(\d+)/),
    failed: num(/failed=(\d+)/), rss2: num(/^rss2 (\d+)/m), rssEnd: num(/rssEnd=(\d+)/),
    dropped: (r.stderr.match(/event dropped/g) ?? []).length,
  };
}

/** What every load run promises: exit 0, no event dropped, no message lost, all acknowledged and received, RSS flat. */
export function expectNoLoss(r: LoadOutcome, total: number): void {
  const why = `${r.stdout}\n${r.stderr.slice(-2000)}`;
  expect(r.code, why).toBe(0);
  expect(r.dropped, why).toBe(0);
  expect(r.lost, why).toBe(0);
  expect(r.failed, why).toBe(0);
  expect(r.acked, why).toBe(total);
  expect(r.received, why).toBeGreaterThanOrEqual(total);
  expect(r.rssEnd / r.rss2, why).toBeLessThan(1.05);
}
