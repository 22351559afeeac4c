/**
 * Resident memory per idle client: one nodemcu-host with 1 connected client,
 * one with 101, alternately; per client = (RSS(101) - RSS(1)) / 100, from the
 * medians. VmRSS is read by the script itself from /proc/self/status after
 * every client is connected, a 500 ms idle pause and a full Lua GC.
 */
import path from "node:path";
import type { QuietBroker } from "./broker.ts";
import { luaDir } from "./msgrate.ts";
import { run } from "./proc.ts";
import { alternate, type Paired } from "./stats.ts";

/** Budget per idle client, KiB: see docs/bench.md ("Memory per idle client"). */
export const IDLE_CLIENT_BUDGET_KB = 16;

async function rssWith(binary: string, broker: QuietBroker, n: number): Promise<number> {
  const res = await run(binary, ["--timeout", "60", "--", path.join(luaDir, "idle.lua"), String(broker.port), String(n), "500"]);
  const m = /^rss (\d+)/m.exec(res.stdout);
  if (res.code !== 0 || !m) throw new Error(`idle.lua with ${n} clients failed (${res.code}):\n${res.stdout}\n${res.stderr}`);
  return Number(m[1]);
}

export async function idleClients(binary: string, broker: QuietBroker, runs: number): Promise<Paired & { perClientKB: number }> {
  const p = await alternate(runs, () => rssWith(binary, broker, 101), () => rssWith(binary, broker, 1));
  return { ...p, perClientKB: (p.medianA - p.medianB) / 100 };
}
