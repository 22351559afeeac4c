/**
 * `npm run test:mutation -- --generated --count N --seed S [--list]` (run.ts
 * hands over here): a reproducible sample of generate.ts's mutants, each
 * built by tsc2c and gcc and run against the test files of the function it
 * changed (coverage.ts), Lua 5.3 only.
 *
 * Drawn in the seed's order until N were built: a mutant tsc2c refuses, whose
 * C equals the original's (a change tsc2c compiles away), or that gcc -Werror
 * refuses (say, an unused variable left by a removed statement) is listed and
 * does not count: no test could have caught it, and a build error is no kill.
 * A vitest run that fails with no failed test (a hook timing out on a loaded
 * machine) is no kill either: it is tried once more, then listed as an error.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HostBuildError, buildHost } from "../../host/runner/build.ts";
import { testsFor } from "./coverage.ts";
import { triageOf } from "./equivalent.ts";
import { applyGenerated, drawOrder, generateMutants, type GeneratedMutant } from "./generate.ts";
import { copyRepo, runVitest } from "./workspace.ts";

type Outcome = "killed" | "survived" | "rejected" | "same C" | "error";

interface Result {
  id: string;
  fn: string;
  where: string;
  change: string;
  outcome: Outcome;
  seconds: number;
  detail: string;
  triage?: string;
}

const OUTPUT = "components/modules/mqtt.c";

function tsc2c(dir: string, source: string): { ok: boolean; message: string } {
  const r = spawnSync("npx", ["tsx", "compiler/cli/main.ts", "build", source, "-o", OUTPUT], { cwd: dir, encoding: "utf8" });
  return { ok: r.status === 0, message: (r.stdout + r.stderr).trim().split("\n")[0] ?? "" };
}

function describe(m: GeneratedMutant, source: string): string {
  const short = (s: string) => JSON.stringify(s.length > 50 ? s.slice(0, 47) + "..." : s);
  return `${short(m.original)} -> ${short(m.replace)}${m.operator === "remove" || m.operator === "else" ? "" : ` in ${short(lineOf(source, m).trim())}`}`;
}

export function lineOf(source: string, m: GeneratedMutant): string {
  return source.split("\n")[m.line - 1] ?? "";
}

async function runOne(dir: string, source: string, original: string, originalC: string, m: GeneratedMutant): Promise<Result> {
  const t0 = Date.now();
  const where = `${source}:${m.line}:${m.column}`;
  const base = { id: m.id, fn: m.fn, where, change: describe(m, original) };
  const done = (outcome: Outcome, detail: string): Result => ({ ...base, outcome, detail, seconds: (Date.now() - t0) / 1000 });
  writeFileSync(path.join(dir, source), applyGenerated(original, m));
  const gen = tsc2c(dir, source);
  if (!gen.ok) return done("rejected", `tsc2c: ${gen.message}`);
  if (readFileSync(path.join(dir, OUTPUT), "utf8") === originalC) return done("same C", "tsc2c's output is the original's");
  try {
    await buildHost({ lua: "5.3", root: dir });
  } catch (e) {
    if (e instanceof HostBuildError) return done("rejected", `gcc: ${e.log.split("\n").find((l) => /error/.test(l)) ?? e.message.split("\n")[0]}`);
    throw e;
  }
  const files = testsFor(m.fn);
  const where2 = files.length === 1 ? files[0] : `${files.length} files`;
  for (let attempt = 1; ; attempt++) {
    const r = runVitest(dir, files, undefined, true);
    if (/No test files found/.test(r.out)) throw new Error(`mutant ${m.id}: no test files among ${files.join(" ")}`);
    if (r.status === 0) return done("survived", `${where2}: ${r.summary}`);
    if (/\d+ failed/.test(r.summary)) return done("killed", `${where2}: ${r.summary}`);
    // vitest failed with no test failing (a hook timed out on a loaded machine, a worker died): no kill; once more
    if (attempt === 2) return done("error", `${where2}: no test failed, vitest exited ${r.status}: ${r.summary}`);
  }
}

export async function runGenerated(root: string, source: string, opts: { count: number; seed: number; list: boolean; only?: Set<string> }): Promise<void> {
  const original = readFileSync(path.join(root, source), "utf8");
  const all = generateMutants(path.join(root, source));
  // --only: those mutants (say, the survivors of a run, again after a test was added), whatever the seed
  for (const id of opts.only ?? []) if (!all.some((m) => m.id === id)) throw new Error(`no generated mutant ${id}`);
  const order = opts.only ? all.filter((m) => opts.only!.has(m.id)) : drawOrder(all, opts.seed);
  if (opts.only) opts = { ...opts, count: order.length };
  if (opts.list) {
    for (const m of order.slice(0, opts.count)) console.log(`${m.id.padEnd(22)} ${m.fn.padEnd(22)} ${describe(m, original)}`);
    console.log(`${all.length} generated mutants; the first ${Math.min(opts.count, all.length)} of seed ${opts.seed} shown (rejected ones are drawn past when run)`);
    return;
  }
  const sample = opts.only ? `the ${order.length} given with --only` : `seed ${opts.seed}`;
  console.log(`${all.length} generated mutants of ${source}; ${sample}, ${opts.count} to build and run`);
  const dir = copyRepo(root, source);
  const results: Result[] = [];
  const started = Date.now();
  try {
    const gen = tsc2c(dir, source);
    if (!gen.ok) throw new Error(`the unmutated ${source} does not build: ${gen.message}`);
    const originalC = readFileSync(path.join(dir, OUTPUT), "utf8");
    let counted = 0;
    for (const m of order) {
      if (counted >= opts.count) break;
      const r = await runOne(dir, source, original, originalC, m);
      if (r.outcome === "survived") r.triage = triageOf(m, lineOf(original, m));
      results.push(r);
      if (r.outcome === "killed" || r.outcome === "survived") counted++;
      console.log(`${r.outcome.padEnd(8)} ${r.id.padEnd(22)} ${r.fn.padEnd(22)} ${r.seconds.toFixed(0).padStart(4)} s  ${r.change}  [${r.detail}]`);
    }
  } finally {
    writeFileSync(path.join(dir, source), original);
    rmSync(dir, { recursive: true, force: true });
  }
  const ran = results.filter((r) => r.outcome === "killed" || r.outcome === "survived");
  const killed = ran.filter((r) => r.outcome === "killed").length;
  const survived = ran.filter((r) => r.outcome === "survived");
  const rejected = results.filter((r) => r.outcome === "rejected").length;
  const sameC = results.filter((r) => r.outcome === "same C").length;
  const errors = results.filter((r) => r.outcome === "error").length;
  const score = ran.length ? (100 * killed) / ran.length : 0;
  const perMutant = ran.length ? ran.reduce((s, r) => s + r.seconds, 0) / ran.length : 0;
  // an equivalent mutant is a survivor no test can kill: the score is also given without them
  const equivalent = survived.filter((r) => r.triage).length;
  const scoreKillable = ran.length - equivalent ? (100 * killed) / (ran.length - equivalent) : 0;
  console.log(`\n${sample}: killed ${killed}, survived ${survived.length} (not counted: rejected ${rejected}, same C ${sameC}, errors ${errors}): score ${score.toFixed(1)}%`);
  console.log(`without the ${equivalent} documented equivalent mutants: ${killed} of ${ran.length - equivalent}, ${scoreKillable.toFixed(1)}%`);
  console.log(`${((Date.now() - started) / 60000).toFixed(1)} min in all, ${perMutant.toFixed(0)} s per mutant run`);
  for (const s of survived) console.log(`survived ${s.id} ${s.where} ${s.fn}: ${s.change}\n  ${s.triage ?? "NOT TRIAGED: add a test that kills it, or explain it in test/mutation/equivalent.ts"}`);
  mkdirSync(path.join(root, "build/mutation"), { recursive: true });
  writeFileSync(
    path.join(root, "build/mutation/generated-last.json"),
    JSON.stringify({ date: new Date().toISOString(), seed: opts.seed, count: opts.count, killed, survived: survived.length, equivalent, rejected, sameC, errors, score, scoreKillable, perMutant, results }, null, 2),
  );
  if (survived.some((s) => !s.triage) || errors > 0) process.exitCode = 1;
}
