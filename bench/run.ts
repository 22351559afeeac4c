/**
 * `npm run bench`: every figure is a ratio of medians measured side by side in
 * this run (alternating A/B runs, BENCH_RUNS each, default 5, after a warm-up
 * pair). Prints a table, writes bench/results.json. Methods: docs/bench.md.
 * Options (`--help`): bench/args.ts.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { allocsPerMessage } from "./allocs.ts";
import { benchOptions } from "./args.ts";
import { startQuietBroker } from "./broker.ts";
import { hostBinary } from "./host.ts";
import { IDLE_CLIENT_BUDGET_KB, idleClients } from "./memory.ts";
import { qos0Receive, qos1Publish } from "./msgrate.ts";
import { median } from "./stats.ts";
import { esp32TextBytes, gccVersion, readBaseline, realHeaderFigure, toolchainVersion } from "./textsize.ts";
import { transpile } from "./transpile.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const { runs, messages } = benchOptions();
const gcc = gccVersion();

interface Row { figure: string; a: string; b: string; ratio: number; goal: string; pass: boolean; detail?: string }
const rows: Row[] = [];
const fmt = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const step = (s: string) => process.stderr.write(`bench: ${s}\n`);

const build = await hostBinary();
const broker = await startQuietBroker();
const raw: Record<string, unknown> = {};
try {
  step(`transpile (${runs} runs each)`);
  const t = await transpile(runs);
  raw.transpile = t;
  const tr = t.medianA / t.medianB;
  rows.push({ figure: "transpile mqtt.ts: tsc2c check / tsc --noEmit", a: `${fmt(t.medianA)} ms`, b: `${fmt(t.medianB)} ms`, ratio: tr, goal: "<= 1.5", pass: tr <= 1.5 });

  step(`QoS 0 receive, ${messages} x 100 B`);
  const q0 = await qos0Receive(build.binary, broker, messages, runs);
  raw.qos0Receive = q0;
  const r0 = q0.medianA / q0.medianB;
  const lost = q0.countsA.map((c) => 1 - c / messages);
  rows.push({ figure: "QoS 0 recv msg/s: Lua callback / mosquitto_sub", a: fmt(q0.medianA), b: fmt(q0.medianB), ratio: r0, goal: ">= 0.8", pass: r0 >= 0.8,
    detail: `Lua received ${q0.countsA.join(", ")} of ${messages} (median loss ${fmt(100 * median(lost), 1)}%; "event dropped" logged ${q0.dropsA.join(", ")} times)` });

  step(`QoS 1 publish, ${messages} x 100 B`);
  const q1 = await qos1Publish(build.binary, broker, messages, runs);
  raw.qos1Publish = q1;
  const r1 = q1.medianA / q1.medianB;
  rows.push({ figure: "QoS 1 publish msg/s: Lua / mosquitto_pub", a: fmt(q1.medianA), b: fmt(q1.medianB), ratio: r1, goal: ">= 0.8", pass: r1 >= 0.8 });

  step("allocations per received message");
  const al = await allocsPerMessage(build.binary, broker, runs);
  raw.allocs = al;
  rows.push({ figure: "heap allocs per received 100 B message by the module (mqtt.c) / 1", a: fmt(al.module, 2), b: "1", ratio: al.module, goal: "<= 1", pass: al.module <= 1,
    detail: `beside it: Lua's own payload string ${fmt(al.lua, 2)} (any module passing the message to Lua pays it); transport (libmosquitto + host esp-mqtt port, host only): ${fmt(al.transport, 2)}; other: ${fmt(al.other, 2)}; sites: ${al.topSites.map(([s, v]) => `${s} ${fmt(v, 2)}`).join("; ")}` });

  step("idle clients");
  const mem = await idleClients(build.binary, broker, runs);
  raw.idleClients = mem;
  const rm = mem.perClientKB / IDLE_CLIENT_BUDGET_KB;
  rows.push({ figure: "RSS per idle client (101 vs 1 client) / budget", a: `${fmt(mem.perClientKB, 1)} KiB`, b: `${IDLE_CLIENT_BUDGET_KB} KiB`, ratio: rm, goal: "<= 1", pass: rm <= 1,
    detail: `median RSS ${fmt(mem.medianA)} KiB with 101 clients, ${fmt(mem.medianB)} KiB with 1` });

  step("ESP32 .text size");
  const base = readBaseline();
  const text = esp32TextBytes();
  const toolchain = toolchainVersion();
  const real = realHeaderFigure();
  raw.text = { esp32Bytes: text, toolchain, baseline: base, realHeaders: real };
  const rt = text / base.esp32TextBytes;
  rows.push({ figure: "ESP32 .text of mqtt.c (clang-22 -Os, host headers, Lua 5.3) / baseline", a: `${fmt(text)} B`, b: `${fmt(base.esp32TextBytes)} B`, ratio: rt, goal: "<= 1.05", pass: rt <= 1.05,
    detail: `${toolchain === base.toolchain ? "" : `${toolchain}, baseline measured with ${base.toolchain}; `}real headers: ${real}` });
} finally {
  await broker.stop();
}

const header = ["figure", "measured (A)", "reference (B)", "ratio A/B", "goal", ""];
const body = rows.map((r) => [r.figure, r.a, r.b, r.ratio.toFixed(2), r.goal, r.pass ? "ok" : "MISSED"]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const b of body) console.log(line(b));
for (const r of rows) if (r.detail) console.log(`  ${r.figure}: ${r.detail}`);

const machine = {
  date: new Date().toISOString(),
  uname: execFileSync("uname", ["-a"], { encoding: "utf8" }).trim(),
  nproc: os.availableParallelism(),
  node: process.version,
  gcc,
  runs,
  messages,
};
console.log(`\n${machine.date}  ${machine.uname}  nproc=${machine.nproc}  runs=${runs}`);
writeFileSync(path.join(here, "results.json"), JSON.stringify({ machine, rows, raw }, null, 2) + "\n");
