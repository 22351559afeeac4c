/**
 * `npm run bench:policies`: what each size policy of the binding
 * (compiler/bind/policies.ts) saves on mqtt.c, measured by building the module
 * with that one policy off: ESP32 `.text` (Xtensa LX6, -Os) for Lua 5.3 and
 * 5.1 against host/include + newlib, and with MIRROR_ROOT set (and the shared
 * real-headers tool present) against the real NodeMCU / ESP-IDF / esp-mqtt
 * headers, Lua 5.3. A policy that saves nothing here is a candidate for removal.
 *
 * Not part of `npm run bench` (each row is a compile and two object builds);
 * test/bind/policies.test.ts checks that every policy is live and correct.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/compile.ts";
import { SIZE_POLICIES, type SizePolicyId } from "../compiler/bind/policies.ts";
import { canMeasureRealHeaders, esp32TextOfC, realHeaderText } from "./textsize.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ids = Object.keys(SIZE_POLICIES) as SizePolicyId[];

interface Figures { lua53: number; lua51: number; real?: number }

function measure(disabledPolicies: SizePolicyId[], scratch: string): Figures {
  const outFile = path.join(root, "components/modules/mqtt.c");
  const r = compile(path.join(root, "module-src/mqtt.ts"), { outFile, disabledPolicies });
  if (r.c === undefined) throw new Error(`mqtt.ts with ${disabledPolicies.join(", ") || "no policy"} off does not compile: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  const cFile = path.join(scratch, "mqtt.c");
  writeFileSync(cFile, r.c);
  const real = canMeasureRealHeaders() ? realHeaderText(cFile, "5.3") : undefined;
  return { lua53: esp32TextOfC(r.c, "5.3"), lua51: esp32TextOfC(r.c, "5.1"), ...(real !== undefined ? { real } : {}) };
}

const USAGE = `usage: npm run bench:policies

Builds mqtt.c with each size policy of compiler/bind/policies.ts off and prints what
the policy saves (ESP32 .text, Lua 5.3 and 5.1; the real headers too with MIRROR_ROOT set).

options:
  -h, --help             print this help and exit`;

function main(): void {
  for (const a of process.argv.slice(2)) {
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return;
    }
    console.error(`bench:policies: ${a.startsWith("-") ? `unknown option ${a}` : `unexpected argument ${a}`}\n${USAGE}`);
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-policies-"));
  try {
    const on = measure([], dir);
    const real = on.real !== undefined;
    const fmt = (n: number): string => n.toLocaleString("en-US");
    console.log(`mqtt.c with every policy on: ${fmt(on.lua53)} B (Lua 5.3), ${fmt(on.lua51)} B (Lua 5.1), host headers${real ? `; ${fmt(on.real!)} B real headers, Lua 5.3` : " (real headers: MIRROR_ROOT unset)"}`);
    console.log(`| policy | from | saves, Lua 5.3 (B) | saves, Lua 5.1 (B)${real ? " | saves, real headers 5.3 (B)" : ""} |`);
    console.log(`| --- | ---: | ---: | ---:${real ? " | ---:" : ""} |`);
    const row = (name: string, from: string, off: SizePolicyId[]): void => {
      const f = measure(off, dir);
      const realCol = !real ? "" : f.real === undefined ? " | check failed" : ` | ${fmt(f.real - on.real!)}`;
      console.log(`| ${name} | ${from} | ${fmt(f.lua53 - on.lua53)} | ${fmt(f.lua51 - on.lua51)}${realCol} |`);
    };
    for (const id of ids) row(id, String(SIZE_POLICIES[id].min), [id]);
    row("all of them", "", ids);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
