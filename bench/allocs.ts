/**
 * Heap allocations per received message that fits the receive buffer (100-byte
 * QoS 0 payload, CONFIG_MQTT_BUFFER_SIZE 1024).
 *
 * nodemcu-host runs under LD_PRELOAD=malloc_count.so (bench/malloc_count.c),
 * which counts malloc/calloc/realloc(n>0) per call site in every thread. The
 * same script receives N1 messages in one run and N2 in the other (alternating);
 * per message = (count(N2) - count(N1)) / (N2 - N1) per run pair, so start-up,
 * connect and shutdown cancel out; the figure is the median over the pairs.
 * Call sites are grouped by where they are:
 *  - module: components/modules/mqtt.c, the generated code: the goal (at most
 *    1, the copy handed from the MQTT task to the Lua task);
 *  - lua: liblua, the strings Lua creates for the callback's arguments (the
 *    100-byte payload; the short topic is interned): any module that passes
 *    a message to Lua pays it, so it is reported beside the goal;
 *  - transport: libmosquitto and host/esp-mqtt, the host's stand-in for
 *    esp-mqtt, which on the device reads into its fixed buffer without
 *    allocating (not counted against the goal, reported beside it);
 *  - other: everything else (libc, the platform).
 * The Lua task queue is given room for every message
 * (NODEMCU_HOST_TASK_QUEUE_LEN, a preallocated ring on the host), so no
 * message is dropped while the publisher floods: a run with drops is rejected.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { QuietBroker } from "./broker.ts";
import { luaDir } from "./msgrate.ts";
import { mosquittoPub, start } from "./proc.ts";
import { median } from "./stats.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

export function buildCounter(outDir: string): string {
  const so = path.join(outDir, "malloc_count.so");
  execFileSync("gcc", ["-O2", "-shared", "-fPIC", "-o", so, path.join(here, "malloc_count.c"), "-ldl"]);
  return so;
}

type Groups = { module: number; lua: number; transport: number; other: number; sites: Map<string, number> };

function classify(binary: string, dump: string): Groups {
  const g: Groups = { module: 0, lua: 0, transport: 0, other: 0, sites: new Map() };
  const rows = dump.trim().split("\n").filter(Boolean).map((l) => l.split("\t")) as Array<[string, string, string]>;
  const isHost = (obj: string) => obj === binary || path.basename(obj) === "nodemcu-host";
  const own = rows.filter(([obj]) => isHost(obj));
  const where = new Map<string, string>();
  if (own.length) {
    const out = execFileSync("addr2line", ["-f", "-e", binary, ...own.map(([, off]) => "0x" + off)], { encoding: "utf8" }).split("\n");
    own.forEach(([, off], i) => where.set(off, `${out[2 * i]} ${out[2 * i + 1]}`));
  }
  for (const [obj, off, n] of rows) {
    const count = Number(n);
    let key: string, group: keyof Omit<Groups, "sites">;
    if (where.has(off) && isHost(obj)) {
      key = where.get(off)!;
      group = /components\/modules\/mqtt\.c/.test(key) ? "module" : /host\/esp-mqtt\//.test(key) ? "transport" : "other";
    } else if (/liblua/.test(obj)) {
      key = path.basename(obj); group = "lua";
    } else if (/libmosquitto/.test(obj)) {
      key = path.basename(obj); group = "transport";
    } else {
      key = path.basename(obj); group = "other";
    }
    g[group] += count;
    g.sites.set(key, (g.sites.get(key) ?? 0) + count);
  }
  return g;
}

async function counted(binary: string, so: string, broker: QuietBroker, n: number, tmp: string, k: number): Promise<Groups> {
  const out = path.join(tmp, `count-${k}.tsv`);
  const topic = `bench/alloc/${k}`;
  const host = start(binary, ["--timeout", "60", "--", path.join(luaDir, "recv.lua"), String(broker.port), topic, String(n), "3000"],
    { env: { ...process.env, LD_PRELOAD: so, MALLOC_COUNT_OUT: out, NODEMCU_HOST_TASK_QUEUE_LEN: String(n + 1000) } });
  await host.line(/^ready/);
  await mosquittoPub(broker.port, topic, n, { qos: 0 });
  const line = await host.line(/^done /, 30_000);
  const res = await host.done;
  const count = Number(line.split(" ")[1]);
  if (count !== n || /event dropped/.test(res.stderr)) throw new Error(`allocation run lost messages: ${count} of ${n}\n${res.stderr.slice(0, 1500)}`);
  return classify(binary, readFileSync(out, "utf8"));
}

export interface AllocResult { module: number; lua: number; transport: number; other: number; pairs: number; topSites: Array<[string, number]> }

export async function allocsPerMessage(binary: string, broker: QuietBroker, runs: number, n1 = 2000, n2 = 12000): Promise<AllocResult> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-alloc-"));
  try {
    const so = buildCounter(tmp);
    const per: Array<Omit<Groups, "sites">> = [];
    const siteDelta = new Map<string, number[]>();
    let k = 0;
    for (let i = 0; i < runs; i++) {
      const a = await counted(binary, so, broker, n1, tmp, k++);
      const b = await counted(binary, so, broker, n2, tmp, k++);
      const d = n2 - n1;
      per.push({ module: (b.module - a.module) / d, lua: (b.lua - a.lua) / d, transport: (b.transport - a.transport) / d, other: (b.other - a.other) / d });
      for (const [s, v] of b.sites) {
        const arr = siteDelta.get(s) ?? [];
        arr.push((v - (a.sites.get(s) ?? 0)) / d);
        siteDelta.set(s, arr);
      }
    }
    const topSites = [...siteDelta].map(([s, v]) => [s, median(v)] as [string, number])
      .filter(([, v]) => Math.abs(v) >= 0.05).sort((x, y) => y[1] - x[1]).slice(0, 12);
    return {
      module: median(per.map((p) => p.module)), lua: median(per.map((p) => p.lua)), transport: median(per.map((p) => p.transport)),
      other: median(per.map((p) => p.other)), pairs: runs, topSites,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
