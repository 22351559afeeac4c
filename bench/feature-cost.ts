/**
 * `npm run bench:features [-- --only id,id]`: what each feature of the mqtt
 * module costs in ESP32 flash, measured by taking it out (bench/features.ts)
 * and building the rest. Prints one row per feature: the `.text` of the module
 * without it and the difference to the full module, for Lua 5.3 against
 * host/include + newlib; with MIRROR_ROOT set (and the shared real-headers
 * tool present) the same against the real NodeMCU / ESP-IDF / esp-mqtt
 * headers, the figure issue 11 is judged by.
 *
 * Not part of `npm run bench` (each feature is a compile and an object build);
 * the list is checked by test/esp32/features.test.ts on every `npm test`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FEATURES, applyFeatureEdits, withoutAll, type Feature } from "./features.ts";
import { canMeasureRealHeaders, esp32TextOfC, generateC, realHeaderText } from "./textsize.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Figures { host: number; real?: number }

export const FEATURES_USAGE = `usage: npm run bench:features -- [options]

Takes each feature of bench/features.ts out of a copy of module-src/mqtt.ts, builds
the rest into an ESP32 object (Lua 5.3) and prints what the feature costs in flash:
host headers always, the real NodeMCU / ESP-IDF / esp-mqtt headers when MIRROR_ROOT
is set and the shared real-headers tool is present.

options:
  --only ID,ID           price only these features (default: all)
  -h, --help             print this help and exit`;

/** The features to price, or exits: 0 after --help (usage on stdout), 2 on a bad command line (usage on stderr). */
function chosenFeatures(argv: string[]): Feature[] {
  let only: Set<string> | undefined;
  let error: string | undefined;
  for (let i = 0; i < argv.length && !error; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") {
      console.log(FEATURES_USAGE);
      process.exit(0);
    }
    if (a === "--only") only = new Set((argv[++i] ?? "").split(",").filter(Boolean));
    else error = a.startsWith("-") ? `unknown option ${a}` : `unexpected argument ${a}`;
  }
  const unknown = [...(only ?? [])].filter((id) => !FEATURES.some((f) => f.id === id));
  if (!error && only?.size === 0) error = "--only wants feature ids";
  if (!error && unknown.length) error = `unknown feature(s): ${unknown.join(", ")} (known: ${FEATURES.map((f) => f.id).join(", ")})`;
  if (error) {
    console.error(`bench:features: ${error}\n${FEATURES_USAGE}`);
    process.exit(2);
  }
  return FEATURES.filter((f) => !only || only.has(f.id));
}

/** Both figures of a module source: host headers always, real headers when this machine can build them. */
function measure(source: string, scratch: string): Figures {
  const c = generateC(source);
  const cFile = path.join(scratch, "mqtt.c");
  writeFileSync(cFile, c);
  const real = canMeasureRealHeaders() ? realHeaderText(cFile, "5.3") : undefined;
  return { host: esp32TextOfC(c, "5.3"), ...(real !== undefined ? { real } : {}) };
}

function main(): void {
  const chosen = chosenFeatures(process.argv.slice(2));
  // the variants sit beside a copy of the declarations they import, never in module-src/
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-features-"));
  try {
    cpSync(path.join(root, "module-src/decl"), path.join(dir, "decl"), { recursive: true });
    const original = readFileSync(path.join(root, "module-src/mqtt.ts"), "utf8");
    const source = path.join(dir, "mqtt.ts");
    writeFileSync(source, original);
    const full = measure(source, dir);
    const fmt = (n: number): string => n.toLocaleString("en-US");
    const real = full.real !== undefined;
    console.log(`full module: ${fmt(full.host)} B (host headers)${real ? `, ${fmt(full.real!)} B (real headers)` : " (real headers: MIRROR_ROOT unset)"}, Lua 5.3`);
    console.log(`| feature | without it (B) | its cost (B)${real ? " | real headers: without | cost" : ""} | what it buys |`);
    console.log(`| --- | ---: | ---:${real ? " | ---: | ---:" : ""} | --- |`);
    /** one row: a variant of the source measured against the full module */
    const row = (name: string, variant: string, buys: string): void => {
      writeFileSync(source, variant);
      const without = measure(source, dir);
      const realCols = !real ? "" : without.real === undefined ? " | check failed | -" : ` | ${fmt(without.real)} | ${fmt(full.real! - without.real)}`;
      console.log(`| ${name} | ${fmt(without.host)} | ${fmt(full.host - without.host)}${realCols} | ${buys} |`);
    };
    for (const f of chosen) row(f.id, applyFeatureEdits(original, f), f.buys);
    // the core: what the module would weigh with none of these features
    if (chosen.length === FEATURES.length) row("all of the above", withoutAll(original), "(the core that is left)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
