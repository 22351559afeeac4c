/**
 * Flash cost of the generated module on the real target: module-src/mqtt.ts
 * through compile(), then built into an ESP32 object (Xtensa LX6, windowed
 * ABI, -Os) by test/esp32/object.ts with clang-22 + llvm-mc-22 against
 * host/include and newlib, Lua 5.3. The figure is llvm-size's `text` column
 * (code + literal pools + read-only data), against bench/baseline.json.
 *
 * The same build against the REAL NodeMCU / ESP-IDF / esp-mqtt headers needs
 * local copies of those repositories, so it is not part of the run; the
 * method is printed beside the figure, and with MIRROR_ROOT set (and
 * ../shared/tools/real-headers-check.sh present) it is measured too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/compile.ts";
import { CLANG, buildEsp32Object } from "../test/esp32/object.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const baselineFile = path.join(root, "bench/baseline.json");
const REAL_HEADERS_CHECK = path.resolve(root, "../shared/tools/real-headers-check.sh");

export interface Baseline { esp32TextBytes: number; toolchain: string; note: string }

export function readBaseline(): Baseline {
  return JSON.parse(readFileSync(baselineFile, "utf8")) as Baseline;
}

/** "Debian clang version 22.1.8 (...)": the compiler the figure depends on. */
export function toolchainVersion(): string {
  return spawnSync(CLANG, ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0]?.trim() ?? "";
}

export function gccVersion(): string {
  return spawnSync("gcc", ["-dumpfullversion"], { encoding: "utf8" }).stdout.trim();
}

/** ESP32 `text` bytes of the freshly generated mqtt.c (Lua 5.3, host headers). */
export function esp32TextBytes(): number {
  return esp32TextOfC(generateC(path.join(root, "module-src/mqtt.ts")), "5.3");
}

/** The C of a module source compiled now, as if written to components/modules/mqtt.c (paths in it are relative to that). */
export function generateC(source: string): string {
  const result = compile(source, { outFile: path.join(root, "components/modules/mqtt.c") });
  if (result.c === undefined) throw new Error(`${source} does not compile: ${result.diagnostics.map((d) => d.message).join("; ")}`);
  return result.c;
}

/** ESP32 `text` bytes of a module's C built against host/include + newlib. */
export function esp32TextOfC(c: string, lua: "5.3" | "5.1"): number {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-text-"));
  try {
    const src = path.join(tmp, "mqtt.c");
    writeFileSync(src, c);
    return buildEsp32Object(src, { lua, workDir: tmp }).text;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether the real-header build can run here: MIRROR_ROOT set and the shared tool present. */
export function canMeasureRealHeaders(): boolean {
  return !!process.env.MIRROR_ROOT && existsSync(REAL_HEADERS_CHECK);
}

/** ESP32 `text` bytes of a C file built by the shared tool against the real headers, or undefined if its check fails. */
export function realHeaderText(cFile: string, lua: "5.3" | "5.1"): number | undefined {
  const obj = path.join(os.tmpdir(), `bench-real-${process.pid}-${lua}.o`);
  const r = spawnSync(REAL_HEADERS_CHECK, ["--idf-warnings", "--werror", "--lua", lua, "--xtensa", obj, cFile], { encoding: "utf8", env: process.env });
  rmSync(obj, { force: true });
  const m = /^\s*(\d+)\s+\d+\s+\d+\s+\d+\s+[0-9a-f]+\s+\S+$/m.exec(r.stdout);
  return r.status === 0 && m ? Number(m[1]) : undefined;
}

/** How to get the real-header figure, and the figure when this machine can measure it. */
export function realHeaderFigure(): string {
  const cmd = (lua: string) =>
    `MIRROR_ROOT=<upstream copies> ../shared/tools/real-headers-check.sh --idf-warnings --werror --lua ${lua} --xtensa /tmp/x${lua.replace(".", "")}.o components/modules/mqtt.c`;
  const method = `against the real NodeMCU dev-esp32 + ESP-IDF v5.1.3 + esp-mqtt headers: ${cmd("5.3")} (and --lua 5.1); the figure is llvm-size's text column`;
  if (!canMeasureRealHeaders()) return `${method} (not measured: MIRROR_ROOT unset or the tool absent)`;
  const figures = (["5.3", "5.1"] as const).map((lua) => {
    const text = realHeaderText(path.join(root, "components/modules/mqtt.c"), lua);
    return text !== undefined ? `Lua ${lua}: ${text.toLocaleString("en-US")} B` : `Lua ${lua}: check failed`;
  });
  return `${method}; measured now: ${figures.join(", ")}`;
}
