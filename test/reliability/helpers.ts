/**
 * Shared by test/reliability (short runs in `npm test`) and test/stress (long
 * runs in `npm run test:stress`): nodemcu-host builds, sanitizer checks, the
 * fuzz driver with broker kills, and RSS/arrival bookkeeping.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildHost, runBinary, type BuildResult, type RunResult } from "../../host/runner/build.ts";
import type { Broker } from "../helpers/broker.ts";
import { sleep } from "../helpers/ports.ts";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const luaDir = path.join(here, "lua");
export const reproDir = path.join(here, "repro");
export const root = path.resolve(here, "../..");

let sanitized: Promise<BuildResult> | undefined;
let plain: Promise<BuildResult> | undefined;

/** nodemcu-host with -fsanitize=address,undefined (Lua 5.3). */
export function sanitizedHost(): Promise<BuildResult> {
  sanitized ??= buildHost({ lua: "5.3", sanitize: true });
  return sanitized;
}

/** The default nodemcu-host (Lua 5.3). */
export function plainHost(): Promise<BuildResult> {
  plain ??= buildHost({ lua: "5.3" });
  return plain;
}

const SANITIZER = [/ERROR: AddressSanitizer/, /runtime error:/, /LeakSanitizer/, /ERROR: ThreadSanitizer/];

/** The lines of a run's stderr that are sanitizer reports (empty when clean). */
export function sanitizerReports(stderr: string): string[] {
  const lines = stderr.split("\n");
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (SANITIZER.some((re) => re.test(l))) out.push(lines.slice(i, i + 12).join("\n"));
  });
  return out;
}

/** Runs a script under the sanitized build, the way runHost({ sanitize: true }) does. */
export async function runSanitized(script: string, args: string[], timeout = 60, env: Record<string, string> = {}): Promise<RunResult> {
  const { binary } = await sanitizedHost();
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
export async function fuzzRun(broker: Broker, seed: number, calls: number, opts: { timeout?: number; avoid?: "known" | "none" } = {}): Promise<FuzzOutcome> {
  const run = runSanitized(path.join(luaDir, "fuzz.lua"), [String(broker.port), String(seed), String(calls), "10", opts.avoid ?? "known", "10"], opts.timeout ?? 120);
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
