/**
 * Builds a NodeMCU C module into a real ESP32 object (Xtensa LX6, windowed
 * ABI) with Debian's clang-22 and llvm-mc-22, against host/include and newlib
 * (IDF's libc), and reads back what the firmware's link would see: sizes,
 * undefined symbols, the functions and their instructions.
 *
 * Recipe (see also ../shared/tools/real-headers-check.sh --xtensa, which does
 * the same against the real upstream headers):
 *  - Debian's clang-22 knows the Xtensa target but not `-mcpu=esp32`, so
 *    esp32's ISA is given feature by feature (ESP32_FEATURES);
 *  - its integrated assembler misplaces literal pools, so clang stops at `-S`
 *    and `llvm-mc-22 -triple=xtensa -mcpu=esp32` assembles;
 *  - flags as ESP-IDF v5.1.3 builds a NodeMCU component: -Os
 *    (CONFIG_COMPILER_OPTIMIZATION_SIZE, NodeMCU's sdkconfig.defaults),
 *    -std=gnu17, -ffunction-sections -fdata-sections, -fno-jump-tables
 *    (IDF's CMakeLists.txt); -fomit-frame-pointer because llvm-mc-22 rejects
 *    the `.cfi_def_cfa a7` clang writes for a frame pointer;
 *  - -nostdlibinc: no glibc; newlib's headers come last (-idirafter) as IDF's
 *    libc; Debian's Lua headers give the Lua API, host/include NodeMCU's;
 *  - -D_POSIX_THREADS=1: Espressif's newlib sets it in sys/features.h (IDF's
 *    pthread component implements the API); Debian's generic newlib headers
 *    only declare pthread_create & co. when it is set.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../host/runner/build.ts";
import { type LuaVersion, modulesIn, renderSdkconfig, resolveConfig } from "../../host/runner/config.ts";

export const CLANG = "clang-22";
export const TOOLS = [CLANG, "llvm-mc-22", "llvm-size-22", "llvm-nm-22", "llvm-objdump-22"] as const;
export const NEWLIB_INCLUDE = "/usr/include/newlib";

/** esp32's ISA (what `llc -mcpu=esp32` enables), windowed register ABI last. */
export const ESP32_FEATURES = [
  "density", "fp", "loop", "minmax", "sext", "nsa", "mul16", "mul32", "mul32high", "dfpaccel", "s32c1i",
  "threadptr", "div32", "bool", "debug", "exception", "highpriinterrupts", "coprocessor", "interrupt",
  "rvector", "timers3", "prid", "regprotect", "miscsr", "mac16", "windowed",
];

const FLAGS = [
  "--target=xtensa", "-D__XTENSA_WINDOWED_ABI__=1", "-D_POSIX_THREADS=1", "-nostdlibinc", "-Os", "-std=gnu17",
  "-ffunction-sections", "-fdata-sections", "-fno-jump-tables", "-fomit-frame-pointer",
  "-Wall", "-Wextra", "-Werror",
];

/** clang or llvm-mc refused the file: `log` holds their diagnostics. */
export class Esp32BuildError extends Error {
  constructor(message: string, readonly log: string) {
    super(`${message}\n${log}`);
    this.name = "Esp32BuildError";
  }
}

/** What the object holds, as the firmware's link would see it. */
export interface Esp32Object {
  path: string;
  /** llvm-size's Berkeley columns: text = code + literal pools + read-only data */
  text: number;
  data: number;
  bss: number;
  /** symbols the object needs from elsewhere (llvm-nm -u) */
  undefinedSymbols: string[];
  /** functions it defines (llvm-nm types T/t) */
  functions: string[];
  /** `llvm-objdump --mcpu=esp32 -d` */
  disassembly: string;
}

function tool(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) {
    const hint = (r.error as NodeJS.ErrnoException).code === "ENOENT"
      ? ` (not installed: apt-get install clang-22 llvm-22 libnewlib-dev, as .ci/run does)` : "";
    throw new Esp32BuildError(`esp32: ${cmd} failed to start${hint}`, String(r.error));
  }
  if (r.status !== 0) throw new Esp32BuildError(`esp32: ${what} failed (${cmd} exit ${r.status})`, r.stderr);
  return r.stdout;
}

/** The tools and headers this build needs that the machine lacks (empty = ready). */
export function missingTools(): string[] {
  const missing: string[] = TOOLS.filter((t) => spawnSync(t, ["--version"]).error !== undefined);
  if (!existsSync(join(NEWLIB_INCLUDE, "stdio.h"))) missing.push("libnewlib-dev");
  return missing;
}

export interface Esp32BuildOptions {
  lua: LuaVersion;
  /** scratch directory for sdkconfig.h, the assembly and the object (created if needed) */
  workDir: string;
  /** replaces the default feature list (the checker's own test builds a call0-ABI object with it) */
  features?: string[];
}

/** Compiles one C module for the ESP32 and inspects the object. */
export function buildEsp32Object(cFile: string, opts: Esp32BuildOptions): Esp32Object {
  const { lua, workDir } = opts;
  mkdirSync(workDir, { recursive: true });
  // The same Kconfig the host runner generates: modules the file registers are enabled.
  writeFileSync(join(workDir, "sdkconfig.h"), renderSdkconfig(resolveConfig(lua, modulesIn(readFileSync(cFile, "utf8")))));
  // Debian's luaconf.h includes its multiarch header, which lives in glibc's
  // x86_64 include dir; it only names the package path's lib directory.
  writeFileSync(join(workDir, `lua${lua}-deb-multiarch.h`), `#define DEB_HOST_MULTIARCH "xtensa-esp32"\n`);

  const asm = join(workDir, "module.s");
  const obj = join(workDir, "module.o");
  const features = (opts.features ?? ESP32_FEATURES).flatMap((f) => ["-Xclang", "-target-feature", "-Xclang", `+${f}`]);
  const includes = [`-I${workDir}`, `-I${join(REPO_ROOT, "host/include")}`, `-I/usr/include/lua${lua}`, "-idirafter", NEWLIB_INCLUDE];
  tool(CLANG, [...FLAGS, ...features, ...includes, "-S", cFile, "-o", asm], `compiling ${cFile} (Lua ${lua})`);
  tool("llvm-mc-22", ["-triple=xtensa", "-mcpu=esp32", "-filetype=obj", asm, "-o", obj], `assembling ${asm}`);
  return inspectObject(obj);
}

/** Reads sizes, symbols and code of an Xtensa object. */
export function inspectObject(obj: string): Esp32Object {
  const size = tool("llvm-size-22", [obj], "llvm-size").trim().split("\n")[1]!.trim().split(/\s+/).map(Number);
  const symbols = tool("llvm-nm-22", [obj], "llvm-nm").split("\n").filter(Boolean).map((l) => l.trim().split(/\s+/));
  return {
    path: obj,
    text: size[0]!,
    data: size[1]!,
    bss: size[2]!,
    undefinedSymbols: symbols.filter((s) => s.length === 2 && s[0] === "U").map((s) => s[1]!).sort(),
    functions: symbols.filter((s) => s.length === 3 && /^[Tt]$/.test(s[1]!)).map((s) => s[2]!).sort(),
    disassembly: tool("llvm-objdump-22", ["--mcpu=esp32", "-d", obj], "llvm-objdump"),
  };
}
