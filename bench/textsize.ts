/**
 * .text size of the generated module: module-src/mqtt.ts through compile(),
 * then `gcc -std=gnu99 -Os -c` with the host's include path and generated
 * sdkconfig.h; the figure is the sum of the object's .text* sections
 * (`size -A`), against bench/baseline.json.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compiler/compile.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const baselineFile = path.join(root, "bench/baseline.json");

export interface Baseline { textBytes: number; gcc: string; note: string }

export function readBaseline(): Baseline {
  return JSON.parse(readFileSync(baselineFile, "utf8")) as Baseline;
}

export function gccVersion(): string {
  return execFileSync("gcc", ["-dumpfullversion"], { encoding: "utf8" }).trim();
}

/** buildDir: a nodemcu-host build directory (it holds the generated sdkconfig.h). */
export function textBytes(buildDir: string): number {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-text-"));
  try {
    const cFile = path.join(root, "components/modules/mqtt.c"); // paths in the output are relative to it
    const result = compile(path.join(root, "module-src/mqtt.ts"), { outFile: cFile });
    if (result.c === undefined) throw new Error(`module-src/mqtt.ts does not compile: ${result.diagnostics.length} diagnostics`);
    const src = path.join(tmp, "mqtt.c");
    writeFileSync(src, result.c);
    const obj = path.join(tmp, "mqtt.o");
    execFileSync("gcc", ["-std=gnu99", "-Os", "-c", `-I${buildDir}`, `-I${path.join(root, "host/include")}`,
      "-I/usr/include/lua5.3", src, "-o", obj]);
    const table = execFileSync("size", ["-A", obj], { encoding: "utf8" });
    let total = 0;
    for (const line of table.split("\n")) {
      const m = /^(\.text\S*)\s+(\d+)/.exec(line);
      if (m) total += Number(m[2]);
    }
    return total;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
