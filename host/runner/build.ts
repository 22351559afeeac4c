// Builds the nodemcu-host binary (cached by content) and runs scripts with it.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ConfigOverrides, type LuaVersion, modulesIn, renderSdkconfig, resolveConfig } from "./config.ts";
import { collectSources } from "./sources.ts";

/** The repository root, from this file's place in it. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// Bump when the recipe below changes in a way the key would not see.
const RECIPE = "nodemcu-host build v2";

export interface BuildOptions {
  /** Lua to build against; default "5.3" */
  lua?: LuaVersion;
  /** extra NodeMCU module sources (C files) */
  with?: string[];
  /** -fsanitize=address,undefined */
  sanitize?: boolean;
  /** -O0 instead of the firmware's -Os, for stepping through in gdb */
  debug?: boolean;
  /** NAME -> "y" | "n" | value, NAME with or without CONFIG_ */
  config?: ConfigOverrides;
  /** include the esp-mqtt port and components/modules/mqtt.c; default true */
  mqtt?: boolean;
  /** with mqtt: this generated module instead of components/modules/mqtt.c (compiled as strictly) */
  mqttModule?: string;
  /** repository root; default: the one holding this file */
  root?: string;
  /** cache directory; default <root>/build/host */
  buildDir?: string;
}

export interface BuildResult {
  binary: string;
  /** gcc's warnings for the --with modules (IDF's set warns without failing); "" when cached */
  warnings: string;
  /** build/host/<key>/ */
  dir: string;
  key: string;
  /** true if an existing binary was reused */
  cached: boolean;
}

/** gcc failed: `log` holds its diagnostics, paths relative to the root. */
export class HostBuildError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(`${message}\n${log}`);
    this.name = "HostBuildError";
  }
}

// How every C file of the host build is compiled where C semantics differ
// between x86 and the ESP32: `char` is unsigned on Xtensa (GCC's and clang's
// default there), signed on x86. docs/host.md lists what is still different.
export const TARGET_SEMANTICS = ["-funsigned-char"];
// Our own C (platform, esp-mqtt port, generated mqtt.c): strict.
export const STRICT_WARNINGS = ["-std=gnu99", "-Wall", "-Wextra", "-Werror"];
// --with modules: what ESP-IDF v5.1.3 passes to every component
// (tools/cmake/build.cmake's default build specifications, the GNU-only
// -Wno-old-style-declaration of its CMakeLists.txt, the Xtensa toolchain
// file's -Wno-frame-address, gnu17): -Wall's warnings are errors, except
// the unused and deprecated ones; -Wextra's are only warnings.
export const IDF_COMPONENT_FLAGS = [
  "-std=gnu17",
  "-D_GNU_SOURCE",
  "-Wall",
  "-Werror=all",
  "-Wno-error=unused-function",
  "-Wno-error=unused-variable",
  "-Wno-error=unused-but-set-variable",
  "-Wno-error=deprecated-declarations",
  "-Wextra",
  "-Wno-unused-parameter",
  "-Wno-sign-compare",
  "-Wno-enum-conversion",
  "-Wno-old-style-declaration",
  "-Wno-frame-address",
];
const DEBUG_INFO = ["-g"];
// What the runtime costs is only worth measuring as it ships: NodeMCU's
// sdkconfig.defaults sets CONFIG_COMPILER_OPTIMIZATION_SIZE (-Os). -g stays
// either way, so backtraces and addr2line (bench/allocs.ts) still resolve.
export const OPTIMISE = "-Os";
export const OPTIMISE_DEBUG = "-O0";
const SANITIZE = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer"];

let gccVersionSeen: string | undefined;

function gccVersion(): string {
  if (gccVersionSeen !== undefined) return gccVersionSeen;
  const r = spawnSync("gcc", ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new HostBuildError("gcc not found", String(r.error ?? r.stderr));
  gccVersionSeen = r.stdout.split("\n")[0] ?? "";
  return gccVersionSeen;
}

/** A name beside `path` no other process or call uses, to write and then rename. */
function tmpName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** Writes via a temporary name, so concurrent builders never see half a file. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = tmpName(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** One --with module, compiled on its own with IDF's flags. */
interface WithObject {
  source: string;
  object: string;
  /** gcc arguments, minus "-o <output>" */
  args: string[];
}

interface Plan {
  result: BuildResult;
  sdkconfig: string;
  /** the --with modules, compiled before the link */
  withObjects: WithObject[];
  /** gcc arguments for our sources and the link, minus "-o <output>" */
  args: string[];
  root: string;
  lua: LuaVersion;
  sources: string[];
}

/** Everything up to the compile: sources, config, cache key. */
function plan(opts: BuildOptions): Plan {
  const root = resolve(opts.root ?? REPO_ROOT);
  const lua: LuaVersion = opts.lua ?? "5.3";
  if (lua !== "5.1" && lua !== "5.3") throw new Error(`--lua must be 5.1 or 5.3, got '${String(lua)}'`);
  const withFiles = (opts.with ?? []).map((f) => resolve(f));
  const set = collectSources(root, withFiles, opts.mqtt ?? true, opts.mqttModule && resolve(opts.mqttModule));
  const withTexts = withFiles.map((f) => readFileSync(f, "utf8"));
  const withModules = withTexts.flatMap((text) => modulesIn(text));
  const sdkconfig = renderSdkconfig(resolveConfig(lua, withModules, opts.config));

  const common = [...TARGET_SEMANTICS, ...DEBUG_INFO, opts.debug ? OPTIMISE_DEBUG : OPTIMISE, ...(opts.sanitize ? SANITIZE : [])];
  const flags = [...STRICT_WARNINGS, ...common];
  const withFlags = [...IDF_COMPONENT_FLAGS, ...common];
  // IDF links mbedTLS into every firmware; here only a module that includes it pays for it.
  const mbedtls = withTexts.some((text) => /^\s*#\s*include\s*[<"]mbedtls\//m.test(text));
  const libs = [
    `-llua${lua}`,
    "-lpthread",
    "-lmosquitto",
    "-lssl",
    "-lcrypto",
    ...(mbedtls ? ["-lmbedcrypto"] : []),
    "-lm",
  ];

  const hash = createHash("sha256");
  const feed = (label: string, data: string | Buffer) => {
    hash.update(`${label}\0${data.length}\0`);
    hash.update(data);
  };
  feed("recipe", RECIPE);
  feed("gcc", gccVersion());
  feed("flags", flags.join(" "));
  feed("with flags", withFlags.join(" "));
  feed("libs", libs.join(" "));
  feed("sdkconfig", sdkconfig);
  for (const f of [...set.sources, ...set.headers]) feed(f, readFileSync(f));
  const key = hash.digest("hex").slice(0, 20);

  const dir = join(resolve(opts.buildDir ?? join(root, "build/host")), key);
  const binary = join(dir, "nodemcu-host");
  const includes = [dir, ...set.includeDirs, `/usr/include/lua${lua}`].map((d) => `-I${d}`);
  const withSet = new Set(withFiles);
  const own = set.sources.filter((f) => !withSet.has(f));
  const withObjects = set.sources
    .filter((f) => withSet.has(f))
    .map((source, i) => ({
      source,
      object: join(dir, `with-${i}-${basename(source, ".c")}.o`),
      args: [...withFlags, ...includes, "-c", source],
    }));
  return {
    result: { binary, dir, key, cached: existsSync(binary), warnings: "" },
    sdkconfig,
    withObjects,
    args: [...flags, ...includes, ...own, ...withObjects.map((w) => w.object), ...libs],
    root,
    lua,
    sources: set.sources,
  };
}

function prepare(p: Plan): string {
  mkdirSync(p.result.dir, { recursive: true });
  writeAtomic(join(p.result.dir, "sdkconfig.h"), p.sdkconfig);
  return tmpName(p.result.binary);
}

interface GccRun {
  ok: boolean;
  stderr: string;
}

/** gcc's diagnostics with paths relative to the root. */
function relativeLog(p: Plan, stderr: string): string {
  return stderr.replaceAll(`${p.root}/`, "");
}

/** Throws gcc's diagnostics, paths relative to the root. */
function fail(p: Plan, stderr: string): never {
  const log = relativeLog(p, stderr);
  const files = p.sources.map((s) => relative(p.root, s)).join(" ");
  throw new HostBuildError(`nodemcu-host: build failed (gcc, Lua ${p.lua}) for: ${files}`, log);
}

/** One --with module to its object, written under a temporary name; throws on failure. */
function finishObject(p: Plan, w: WithObject, tmp: string, r: GccRun): string {
  if (!r.ok) {
    rmSync(tmp, { force: true });
    fail(p, r.stderr);
  }
  renameSync(tmp, w.object);
  return relativeLog(p, r.stderr);
}

/** Moves the finished binary into place, or throws gcc's diagnostics. */
function finish(p: Plan, tmp: string, r: GccRun, warnings: string): BuildResult {
  if (!r.ok) {
    rmSync(tmp, { force: true });
    fail(p, warnings + r.stderr);
  }
  renameSync(tmp, p.result.binary);
  return { ...p.result, warnings };
}

function gccAsync(args: string[], cwd: string): Promise<GccRun> {
  return new Promise((done) => {
    const gcc = spawn("gcc", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    gcc.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    gcc.on("error", (e) => done({ ok: false, stderr: String(e) }));
    gcc.on("close", (code) => done({ ok: code === 0, stderr: err }));
  });
}

function gccSync(args: string[], cwd: string): GccRun {
  const r = spawnSync("gcc", args, { cwd, encoding: "utf8" });
  return { ok: !r.error && r.status === 0, stderr: String(r.stderr || r.error || "") };
}

/**
 * The build's steps in order, once: each yields gcc's arguments and is given
 * its run back, so one recipe serves the asynchronous and the synchronous
 * build (they differ only in how gcc is run).
 */
function* buildSteps(p: Plan): Generator<string[], BuildResult, GccRun> {
  const tmp = prepare(p);
  let warnings = "";
  for (const w of p.withObjects) {
    const obj = tmpName(w.object);
    warnings += finishObject(p, w, obj, yield [...w.args, "-o", obj]);
  }
  return finish(p, tmp, yield [...p.args, "-o", tmp], warnings);
}

/** Builds the binary unless the cache has it; gcc runs asynchronously. */
export async function buildHost(opts: BuildOptions = {}): Promise<BuildResult> {
  const p = plan(opts);
  if (p.result.cached) return p.result;
  const steps = buildSteps(p);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(await gccAsync(step.value, p.root));
  }
}

/** buildHost for callers that cannot await. */
export function buildHostSync(opts: BuildOptions = {}): BuildResult {
  const p = plan(opts);
  if (p.result.cached) return p.result;
  const steps = buildSteps(p);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(gccSync(step.value, p.root));
  }
}

export interface RunOptions extends BuildOptions {
  script: string;
  args?: string[];
  /** seconds; the binary exits 124 with a message when it expires */
  timeout?: number;
  /** extra environment for the binary */
  env?: Record<string, string>;
  /** "pipe" collects output (default); "inherit" forwards it */
  stdio?: "pipe" | "inherit";
}

export interface RunResult {
  /** exit status; 128 + n when killed by signal n */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  binary: string;
}

/** Builds (or reuses) the binary, then runs the script with it. */
export async function runHost(opts: RunOptions): Promise<RunResult> {
  const { binary } = await buildHost(opts);
  return runBinary(binary, opts);
}

export function runBinary(binary: string, opts: RunOptions): Promise<RunResult> {
  const argv = [...(opts.timeout !== undefined ? ["--timeout", String(opts.timeout)] : []), "--", opts.script, ...(opts.args ?? [])];
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.sanitize) {
    // Make undefined behaviour fail the run instead of scrolling past.
    env.UBSAN_OPTIONS ??= "print_stacktrace=1:halt_on_error=1";
  }
  const inherit = opts.stdio === "inherit";
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, argv, { env, stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Backstop in case the binary cannot even honour its own --timeout.
    const guard =
      opts.timeout !== undefined ? setTimeout(() => child.kill("SIGKILL"), (opts.timeout + 10) * 1000) : undefined;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (guard) clearTimeout(guard);
      const sigNum = signal ? 128 + (constants.signals[signal] ?? 0) : 0;
      resolvePromise({ code: code ?? sigNum, signal, stdout, stderr, binary });
    });
  });
}
