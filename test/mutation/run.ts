/**
 * `npm run test:mutation [-- --only id,id] [--list]`: mutation testing of
 * module-src/mqtt.ts. Each mutant of mutants.ts (one plausible mistake: a find
 * string, exactly once in mqtt.ts, and its replacement) is applied to a copy
 * of the repository, mqtt.c is regenerated, and the vitest cases named for it
 * run under Lua 5.3. A failing run kills the mutant; a passing one survives.
 * Prints one line per mutant, then killed/survived and the score, and writes
 * build/mutation/last.json.
 *
 * `npm run test:mutation -- --generated --count N --seed S [--list] [--only id,id]`: the
 * generated mutants of generate.ts instead, drawn in the order the seed gives
 * until N were built (a mutant tsc2c or gcc rejects, or one whose C is the
 * original's, is reported and does not count); each runs the test files of
 * the function it changed (coverage.ts) under Lua 5.3. Prints the score,
 * every survivor with its place in mqtt.ts and its triage (equivalent.ts),
 * and writes build/mutation/generated-last.json.
 *
 * Not part of `npm test` (each mutant rebuilds nodemcu-host and runs real
 * brokers). StrykerJS is not used: its mutators work on JavaScript run by a
 * JavaScript test runner, while ours must go through tsc2c and gcc, and its
 * command runner runs one command for every mutant, where each mutant here
 * runs only the few cases that concern it (the whole suite per mutant would
 * take hours on two cores).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MUTANTS, applyMutant, type Mutant } from "./mutants.ts";
import { runGenerated } from "./run-generated.ts";
import { copyRepo, runVitest } from "./workspace.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = "module-src/mqtt.ts";

interface Options { only?: Set<string>; list: boolean; generated: boolean; count: number; seed: number }

const USAGE = `usage: npm run test:mutation -- [--only ID,ID] [--list] [--generated [--count N] [--seed S]]

Applies mutants of module-src/mqtt.ts one at a time to a copy of the repository and runs
the tests that concern each (docs/testing.md). Prints one line per mutant, then the score.

options:
  --only ID,ID   only these mutants (ids as --list prints them)
  --list         print the mutants, one line each, and run nothing
  --generated    generated operator-level mutants (test/mutation/generate.ts) instead of the hand-picked list
  --count N      with --generated: how many to build and run (default 40)
  --seed S       with --generated: the seed of the sample (default 1)
  -h, --help     print this help and exit
`;

/** A usage mistake: the usage on stderr, exit status 2 (as the project's other scripts). */
function usageError(message: string): never {
  process.stderr.write(`npm run test:mutation: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const out: Options = { list: false, generated: false, count: 40, seed: 1 };
  const int = (flag: string, v: string | undefined) => {
    if (!v || !/^\d+$/.test(v)) usageError(`${flag} takes a whole number`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") out.only = new Set((argv[++i] ?? "").split(",").filter(Boolean));
    else if (argv[i] === "--list") out.list = true;
    else if (argv[i] === "--generated") out.generated = true;
    else if (argv[i] === "--count") out.count = int("--count", argv[++i]);
    else if (argv[i] === "--seed") out.seed = int("--seed", argv[++i]);
    else if (argv[i] === "-h" || argv[i] === "--help") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else usageError(`unknown option ${argv[i]}`);
  }
  return out;
}

type Outcome = "killed" | "survived" | "invalid";

function runMutant(dir: string, original: string, m: Mutant): { outcome: Outcome; seconds: number; detail: string } {
  const t0 = Date.now();
  writeFileSync(path.join(dir, SOURCE), applyMutant(original, m));
  const gen = spawnSync("npx", ["tsx", "compiler/cli/main.ts", "build", SOURCE, "-o", "components/modules/mqtt.c"], { cwd: dir, encoding: "utf8" });
  if (gen.status !== 0) return { outcome: "invalid", seconds: (Date.now() - t0) / 1000, detail: `tsc2c: ${(gen.stdout + gen.stderr).trim().split("\n")[0]}` };
  const { out, status, summary } = runVitest(dir, m.tests.files, m.tests.names);
  const seconds = (Date.now() - t0) / 1000;
  if (/No test files found|Tests\s+no tests/.test(out) || (/Tests\s+\d+ skipped/.test(out) && !/passed|failed/.test(out.split("Tests")[1] ?? ""))) {
    return { outcome: "invalid", seconds, detail: `no test matched: ${m.tests.names}` };
  }
  return { outcome: status === 0 ? "survived" : "killed", seconds, detail: summary };
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.generated) {
    runGenerated(root, SOURCE, opts).catch((e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    });
    return;
  }
  const original = readFileSync(path.join(root, SOURCE), "utf8");
  for (const m of MUTANTS) applyMutant(original, m); // every mutant still applies
  const chosen = MUTANTS.filter((m) => !opts.only || opts.only.has(m.id));
  if (opts.only) for (const id of opts.only) if (!MUTANTS.some((m) => m.id === id)) throw new Error(`no mutant ${id}`);
  if (opts.list) {
    for (const m of chosen) console.log(`${m.id.padEnd(24)} ${m.what}`);
    console.log(`${chosen.length} mutants`);
    return;
  }
  const dir = copyRepo(root, SOURCE);
  const results: Array<{ id: string; what: string; outcome: Outcome; seconds: number; detail: string; equivalent?: string }> = [];
  try {
    for (const m of chosen) {
      const r = runMutant(dir, original, m);
      results.push({ id: m.id, what: m.what, ...r, equivalent: m.equivalent });
      console.log(`${r.outcome.padEnd(8)} ${m.id.padEnd(24)} ${r.seconds.toFixed(0).padStart(4)} s  ${r.detail}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const killed = results.filter((r) => r.outcome === "killed").length;
  const survived = results.filter((r) => r.outcome === "survived");
  const invalid = results.filter((r) => r.outcome === "invalid").length;
  const score = killed + survived.length ? (100 * killed) / (killed + survived.length) : 0;
  console.log(`\nkilled ${killed}, survived ${survived.length}, invalid ${invalid}: score ${score.toFixed(1)}%`);
  for (const s of survived) console.log(`survived ${s.id}: ${s.equivalent ?? "NOT EXPLAINED: add a test that kills it"}`);
  mkdirSync(path.join(root, "build/mutation"), { recursive: true });
  writeFileSync(path.join(root, "build/mutation/last.json"), JSON.stringify({ date: new Date().toISOString(), killed, survived: survived.length, invalid, score, results }, null, 2));
  if (survived.some((s) => !s.equivalent) || invalid > 0) process.exitCode = 1;
}

main();
