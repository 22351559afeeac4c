/**
 * Checks test/esp32/provided.ts against the real upstream sources: every
 * entry's file must DEFINE its symbol (a function body, or a ROM address in a
 * linker script) at the pinned revision. Run by hand; CI has no upstream copies.
 *
 *   MIRROR_ROOT=/path/to/copies npx tsx test/esp32/verify-provided.ts
 *
 * MIRROR_ROOT holds nodemcu+nodemcu-firmware, espressif+esp-idf and
 * espressif+esp-mqtt, each a bare git dir or one under ./repo (the layout
 * ../shared/tools/real-headers-check.sh reads). Exit 0 = all found, 1 = some
 * missing, 2 = setup problem.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDED, type Upstream } from "./provided.ts";

const REVS: Record<Upstream, { dir: string; rev: string }> = {
  nodemcu: { dir: "nodemcu+nodemcu-firmware", rev: "7c5bb15154f6766987bf3f119335b08dfcc51a40" },
  "esp-idf": { dir: "espressif+esp-idf", rev: "v5.1.3" },
  "esp-mqtt": { dir: "espressif+esp-mqtt", rev: "e6afdb4025fe018ae0add44e3c45249ea1974774" },
};

function gitDir(root: string, name: string): string {
  const d = join(root, name);
  return existsSync(join(d, "repo")) ? join(d, "repo") : d;
}

/** The 1-based line where `symbol` is defined in `text`, or 0. */
export function definitionLine(text: string, symbol: string, linkerScript: boolean): number {
  const lines = text.split("\n");
  if (linkerScript) {
    const re = new RegExp(`^\\s*(PROVIDE\\s*\\(\\s*)?${symbol}\\s*=\\s*0x`);
    return lines.findIndex((l) => re.test(l)) + 1;
  }
  // A definition: a line starting in column 0 (the return type, or the name
  // itself), the name (maybe parenthesised, as NodeMCU writes its API), the
  // parameter list, then a body rather than a ';'.
  const re = new RegExp(`\\(?\\b${symbol}\\)?\\s*\\(`, "g");
  for (const m of text.matchAll(re)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    const head = text.slice(lineStart, m.index);
    if (!/^([A-Za-z_][\w\s*()]*)?$/.test(head) || /^\s/.test(text.slice(lineStart)) || /\breturn\b/.test(head)) continue;
    let i = m.index + m[0].length - 1;
    for (let depth = 0; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")" && --depth === 0) break;
    }
    const after = text.slice(i + 1).replace(/^(\s|__attribute__\s*\(\([^)]*\)\)|IRAM_ATTR)*/, "");
    if (after.startsWith("{")) return text.slice(0, m.index).split("\n").length;
  }
  return 0;
}

function main(): number {
  const root = process.env.MIRROR_ROOT;
  if (!root || !existsSync(root)) {
    console.error("verify-provided: set MIRROR_ROOT to the folder holding the upstream git copies");
    return 2;
  }
  const cache = new Map<string, string | undefined>();
  let missing = 0;
  for (const p of PROVIDED) {
    const { dir, rev } = REVS[p.from];
    const key = `${p.from}:${p.file}`;
    if (!cache.has(key)) {
      const r = spawnSync("git", ["--git-dir", gitDir(root, dir), "show", `${rev}:${p.file}`], { encoding: "utf8", maxBuffer: 64 << 20 });
      cache.set(key, r.status === 0 ? r.stdout : undefined);
    }
    const text = cache.get(key);
    const line = text === undefined ? 0 : definitionLine(text, p.symbol, p.file.endsWith(".ld"));
    const where = `${p.from} ${p.file}${p.lua ? ` (Lua ${p.lua})` : ""}`;
    if (line > 0) console.log(`ok       ${p.symbol.padEnd(36)} ${where}:${line}`);
    else {
      missing++;
      console.log(`MISSING  ${p.symbol.padEnd(36)} ${where}${text === undefined ? " (no such file)" : ""}`);
    }
  }
  console.log(`verify-provided: ${PROVIDED.length - missing} of ${PROVIDED.length} entries defined where the list says`);
  return missing === 0 ? 0 : 1;
}

// Run as a script (tests import definitionLine only).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
