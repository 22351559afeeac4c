/**
 * The program generator: `npm run fuzz -- --count N --seed S [--only I] [--jobs J]`.
 * Program i of seed S is the same on every run (test/fuzz/random.ts); three in
 * four are core programs (test/fuzz/core.ts), one in four a binding module
 * (test/fuzz/binding.ts). Each failure is saved in build/fuzz/failed-seed<S>-<i>/ and
 * printed with a one-line repro command; the last line is exactly
 * `fuzz: N programs, F failures`. Exit status 1 when anything failed.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../compiler/helpers.ts";
import { generateProgram } from "./programs.ts";
import { checkBinding, checkCore, saveFailure, type Outcome, type Program } from "./run.ts";

const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--only I] [--jobs J] [--batch B]

Generates programs (three in four core programs compared with Node, one in four binding
modules run under ASan/UBSan on Lua 5.1 and 5.3) and checks tsc2c's contract on each.
A failure is saved in build/fuzz/failed-seed<S>-<I>/ with a repro command; the last line
is "fuzz: N programs, F failures"; exit status 1 when F > 0.

options:
  --count N              how many programs: 0 .. N-1 (default 100)
  --seed S               the seed: program I of seed S is always the same (default 1)
  --only I               program I alone (the repro a failure prints)
  --jobs J               C builds and runs at a time (default 2)
  --batch B              programs per batch: one Node run, one nodemcu-host per Lua (default 24)
  -h, --help             print this help and exit
`;

class UsageError extends Error {}

function parse(argv: string[]): { count: number; seed: number; only?: number; jobs: number; batch: number } {
  const opts = { count: 100, seed: 1, jobs: 2, batch: 24 } as { count: number; seed: number; only?: number; jobs: number; batch: number };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, v = Number(argv[i + 1]);
    const need = () => {
      if (!Number.isInteger(v) || v < 0) throw new UsageError(`${a} takes a non-negative integer`);
      i++;
      return v;
    };
    if (a === "--count") opts.count = need();
    else if (a === "--seed") opts.seed = need();
    else if (a === "--only") opts.only = need();
    else if (a === "--jobs") opts.jobs = Math.max(1, need());
    else if (a === "--batch") opts.batch = Math.max(1, need());
    else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}`);
  }
  return opts;
}

/** Checks programs `indices` of `seed`; calls `report` for each outcome. */
export async function fuzz(seed: number, indices: number[], opts: { jobs: number; batch: number }, report: (p: Program, o: Outcome, dir: string) => void): Promise<void> {
  const dir = join(repoRoot, "build", "fuzz", `run-${seed}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    for (let start = 0; start < indices.length; start += opts.batch) {
      const programs = indices.slice(start, start + opts.batch).map((i) => generateProgram(seed, i, dir));
      const core = programs.filter((p) => p.kind === "core");
      const binding = programs.filter((p) => p.kind === "binding");
      const outcomes = [...(core.length ? await checkCore(core, dir, opts.jobs) : []), ...(binding.length ? await checkBinding(binding, dir) : [])];
      for (const p of programs) report(p, outcomes.find((o) => o.index === p.index)!, dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parse>;
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`npm run fuzz: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const indices = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.count }, (_, i) => i);
  let failures = 0;
  const refusals = new Map<string, number>();
  let accepted = 0;
  const started = Date.now();
  await fuzz(opts.seed, indices, opts, (p, o, dir) => {
    if (o.failure) {
      failures++;
      const saved = saveFailure(p, o, dir, opts.seed);
      console.log(`FAIL program ${p.index} (${p.kind}), saved in ${saved}:\n${o.failure.split("\n").slice(0, 40).join("\n")}`);
      console.log(`repro: npm run fuzz -- --seed ${opts.seed} --only ${p.index}`);
    } else if (o.refused) {
      for (const c of new Set(o.refused)) refusals.set(c, (refusals.get(c) ?? 0) + 1);
    } else accepted++;
  });
  const refused = [...refusals].sort().map(([c, n]) => `${c} x${n}`).join(", ");
  console.log(`accepted and checked: ${accepted}; refused with a located diagnostic: ${indices.length - accepted - failures}${refused ? ` (${refused})` : ""}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`fuzz: ${indices.length} programs, ${failures} failures`);
  process.exitCode = failures ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  main().catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(2);
  });
}
