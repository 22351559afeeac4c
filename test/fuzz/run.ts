/**
 * Checks generated programs against tsc2c's contract: whatever it accepts
 * compiles clean and runs memory-safe (and, for core programs, prints what
 * Node prints); whatever it refuses gets a located diagnostic; nothing is an
 * internal error.
 *
 * Core programs: tsc2c, then gcc (ASan+UBSan) and clang (UBSan), both
 * -Wall -Wextra -Werror -funsigned-char; both binaries' output must equal, byte
 * for byte, Node's run of the same TypeScript through the prelude runtime.
 * Binding modules: tsc2c, then nodemcu-host with the module built in under
 * ASan+UBSan for Lua 5.1 and 5.3 (several modules per binary), running the
 * generated Lua driver; clang -Werror checks the module's C as well.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { compile } from "../../compiler/compile.ts";
import { codes } from "../../compiler/diagnostics/codes.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { buildHost, runBinary } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { pool, repoRoot, run } from "../compiler/helpers.ts";

export interface Program {
  index: number;
  kind: "core" | "binding";
  /** the TypeScript source */
  ts: string;
  /** a binding module's Lua driver */
  lua?: string;
  /** a binding module's Lua name */
  module?: string;
}

export interface Outcome {
  index: number;
  kind: Program["kind"];
  /** refused with located diagnostics (their codes) */
  refused?: string[];
  /** what broke the contract; undefined when the program passed */
  failure?: string;
}

const CC_FLAGS = ["-std=gnu99", "-Wall", "-Wextra", "-Werror", "-funsigned-char", "-fno-sanitize-recover=all"];
const BUILDS = [
  { name: "gcc ASan+UBSan", cc: "gcc", flags: [...CC_FLAGS, "-O1", "-fsanitize=address,undefined", "-fno-omit-frame-pointer"] },
  // clang's UBSan without its runtime library (not in Debian's clang package): undefined behaviour traps
  { name: "clang -O2 UBSan", cc: "clang", flags: [...CC_FLAGS, "-O2", "-fsanitize=undefined", "-fsanitize-trap=undefined"] },
];
const knownCodes = new Set<number>(Object.values(codes).map((c) => c.code));

/** tsc2c on one file: C, or the codes of located diagnostics, or a contract failure. */
function tsc2c(file: string, outC: string): { c?: string; refused?: string[]; failure?: string } {
  let r;
  try {
    r = compile(file, { outFile: outC });
  } catch (e) {
    return { failure: `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  if (r.c !== undefined) return { c: r.c };
  const text = r.diagnostics.map((d) => formatDiagnostic(d, repoRoot)).join("\n");
  if (!r.diagnostics.length) return { failure: "no C and no diagnostic" };
  for (const d of r.diagnostics) {
    if (!knownCodes.has(d.code) || !(d.line >= 1) || !(d.column >= 1) || !existsSync(d.file)) return { failure: `a diagnostic without a place or a code:\n${text}` };
    // a TypeScript error is the generator's fault, not tsc2c's: it must write valid TypeScript
    if (d.code === 1001) return { failure: `the generator wrote invalid TypeScript:\n${text}` };
  }
  return { refused: r.diagnostics.map((d) => `TSC2C${d.code}`) };
}

/** Writes a program's TypeScript and tsc2c's C of it; false when tsc2c refused it or broke the contract (its outcome is then set). */
function translate(p: Program, ts: string, c: string, outcomes: Map<number, Outcome>): boolean {
  writeFileSync(ts, p.ts);
  const r = tsc2c(ts, c);
  if (r.failure || r.refused) {
    outcomes.set(p.index, { index: p.index, kind: p.kind, ...(r.refused ? { refused: r.refused } : {}), ...(r.failure ? { failure: r.failure } : {}) });
    return false;
  }
  writeFileSync(c, r.c!);
  return true;
}

/** Runs a batch of core programs (files in `dir`). */
export async function checkCore(programs: Program[], dir: string, jobs = 2): Promise<Outcome[]> {
  const outcomes = new Map<number, Outcome>();
  const accepted: { p: Program; ts: string; c: string }[] = [];
  for (const p of programs) {
    const ts = join(dir, `p${p.index}.ts`);
    const c = join(dir, `p${p.index}.c`);
    if (translate(p, ts, c, outcomes)) accepted.push({ p, ts, c });
  }
  if (!accepted.length) return programs.map((p) => outcomes.get(p.index)!);
  const node = run(process.execPath, ["--import", "tsx", join(repoRoot, "test", "compiler", "run-node.ts"), ...accepted.map((a) => a.ts)], { timeout: 300_000 });
  const cRuns = new Map<number, { name: string; out: string; error?: string }[]>();
  await pool(accepted.flatMap((a) => BUILDS.map((b) => ({ a, b }))), jobs, async ({ a, b }) => {
    const exe = a.c.replace(/\.c$/, `.${BUILDS.indexOf(b)}.out`);
    const cc = await run(b.cc, [...b.flags, a.c, "-o", exe, "-lm"], { timeout: 120_000 });
    const list = cRuns.get(a.p.index) ?? [];
    cRuns.set(a.p.index, list);
    if (cc.code !== 0 || cc.stderr) {
      list.push({ name: b.name, out: "", error: `${b.cc} ${cc.code ? "failed" : "warned"}:\n${cc.stderr}` });
      return;
    }
    const r = await run(exe, [], { encoding: "latin1", timeout: 30_000 });
    list.push({ name: b.name, out: r.stdout, ...(r.code !== 0 || r.stderr ? { error: `exit ${r.code}\n${r.stderr}` } : {}) });
  });
  const nodeRun = await node;
  const results = nodeRun.code === 0 ? (JSON.parse(nodeRun.stdout) as Record<string, { out: string; error?: string }>) : {};
  for (const a of accepted) {
    const n = results[a.ts];
    const fail = (why: string) => outcomes.set(a.p.index, { index: a.p.index, kind: "core", failure: why });
    if (!n) {
      fail(`the Node runner failed:\n${nodeRun.stderr}`);
      continue;
    }
    const nodeOut = Buffer.from(n.out, "base64").toString("latin1");
    if (n.error) {
      fail(`Node: ${n.error}`);
      continue;
    }
    // in BUILDS order, whichever build finished first: gcc's sanitizer report names the line, clang's trap does not
    const runs = (cRuns.get(a.p.index) ?? []).sort((x, y) => BUILDS.findIndex((b) => b.name === x.name) - BUILDS.findIndex((b) => b.name === y.name));
    const bad = runs.find((c) => c.error || c.out !== nodeOut);
    if (bad) fail(bad.error ? `${bad.name}: ${bad.error}` : `${bad.name} printed something else than Node:\n${firstDifference(nodeOut, bad.out)}`);
    else outcomes.set(a.p.index, { index: a.p.index, kind: "core" });
  }
  return programs.map((p) => outcomes.get(p.index)!);
}

/** Where two outputs part, as a few lines of each. */
function firstDifference(want: string, got: string): string {
  const w = want.split("\n"), g = got.split("\n");
  let i = 0;
  while (i < w.length && w[i] === g[i]) i++;
  return `line ${i + 1}:\n  node: ${JSON.stringify(w.slice(i, i + 3))}\n  C:    ${JSON.stringify(g.slice(i, i + 3))}`;
}

/** Runs a batch of binding modules: one nodemcu-host per Lua version with all accepted modules built in. */
export async function checkBinding(programs: Program[], dir: string): Promise<Outcome[]> {
  const outcomes = new Map<number, Outcome>();
  const accepted: { p: Program; c: string; lua: string }[] = [];
  for (const p of programs) {
    const ts = join(dir, `${p.module}.ts`);
    const c = join(dir, `${p.module}.c`);
    const lua = join(dir, `${p.module}.lua`);
    writeFileSync(lua, p.lua!);
    if (translate(p, ts, c, outcomes)) accepted.push({ p, c, lua });
  }
  const fail = (p: Program, why: string) => {
    if (!outcomes.get(p.index)?.failure) outcomes.set(p.index, { index: p.index, kind: "binding", failure: why });
  };
  for (const lua of ["5.1", "5.3"] as const) {
    let binary: string | undefined;
    let batch = accepted.filter((a) => !outcomes.get(a.p.index)?.failure);
    if (!batch.length) break;
    try {
      binary = (await buildHost({ lua, mqtt: false, with: batch.map((a) => a.c), sanitize: true })).binary;
    } catch {
      // one module broke the build: build each alone to find it
      for (const a of batch) {
        try {
          await buildHost({ lua, mqtt: false, with: [a.c], sanitize: true });
        } catch (e) {
          fail(a.p, `gcc -Werror (Lua ${lua}): ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      batch = batch.filter((a) => !outcomes.get(a.p.index)?.failure);
      if (!batch.length) continue;
      binary = (await buildHost({ lua, mqtt: false, with: batch.map((a) => a.c), sanitize: true })).binary;
    }
    const built = await buildHost({ lua, mqtt: false, with: batch.map((a) => a.c), sanitize: true });
    for (const a of batch) {
      const cl = await run("clang", ["-std=gnu99", "-Wall", "-Wextra", "-Werror", "-funsigned-char", "-fsyntax-only",
        `-I${built.dir}`, `-I${join(repoRoot, "host/include")}`, `-I/usr/include/lua${lua}`, a.c]);
      if (cl.code !== 0 || cl.stderr) {
        fail(a.p, `clang -Werror (Lua ${lua}):\n${cl.stderr}`);
        continue;
      }
      const r = await runBinary(binary, { script: a.lua, timeout: 60, sanitize: true });
      const reports = sanitizerReports(r.stderr);
      const lines = r.stdout.trim().split("\n");
      const wrong = lines.filter((l) => !l.startsWith("ok "));
      if (reports.length) fail(a.p, `Lua ${lua}: sanitizer:\n${reports.join("\n")}`);
      else if (r.code !== 0) fail(a.p, `Lua ${lua}: exit ${r.code}\n${r.stderr}\n${r.stdout}`);
      else if (wrong.length !== 1 || wrong[0] !== "done") fail(a.p, `Lua ${lua}:\n${wrong.join("\n")}`);
    }
  }
  for (const a of accepted) if (!outcomes.has(a.p.index)) outcomes.set(a.p.index, { index: a.p.index, kind: "binding" });
  return programs.map((p) => outcomes.get(p.index)!);
}

/** Saves a failed program (and what tsc2c made of it) where the repro command finds it. */
export function saveFailure(p: Program, o: Outcome, dir: string, seed: number): string {
  // as deep under the root as the run's own folder: the program's relative imports still resolve
  const out = join(repoRoot, "build", "fuzz", `failed-seed${seed}-${p.index}`);
  mkdirSync(out, { recursive: true });
  const base = p.kind === "core" ? `p${p.index}` : p.module!;
  for (const ext of ["ts", "c", "lua"]) {
    const f = join(dir, `${base}.${ext}`);
    if (existsSync(f)) writeFileSync(join(out, `${base}.${ext}`), readFileSync(f));
  }
  writeFileSync(join(out, "failure.txt"), `${o.failure}\n`);
  return relative(repoRoot, out);
}
