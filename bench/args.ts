// `npm run bench -- [options]`: parsed before anything is built or measured, so
// `--help` and a bad command line run nothing. The options override BENCH_RUNS
// and BENCH_MESSAGES from the environment.

export const BENCH_USAGE = `usage: npm run bench -- [options]

Measures every figure of docs/bench.md side by side (A and B alternate) and prints
a table on stdout, progress on stderr, and writes bench/results.json.

options:
  --runs N               runs of each side after a warm-up pair (at least 5; default BENCH_RUNS or 5)
  --messages N           messages per message-rate run (default BENCH_MESSAGES or 20000)
  -h, --help             print this help and exit`;

export interface BenchOptions {
  runs: number;
  messages: number;
}

export type BenchArgs = BenchOptions | { help: true } | { error: string };

function positiveInt(flag: string, v: string | undefined): number | string {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n > 0 ? n : `${flag} wants a positive whole number, got '${v ?? ""}'`;
}

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  let runs = positiveInt("BENCH_RUNS", env.BENCH_RUNS ?? "5");
  let messages = positiveInt("BENCH_MESSAGES", env.BENCH_MESSAGES ?? "20000");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") return { help: true };
    if (a === "--runs") runs = positiveInt(a, argv[++i]);
    else if (a === "--messages") messages = positiveInt(a, argv[++i]);
    else return { error: a.startsWith("-") ? `unknown option ${a}` : `unexpected argument ${a}` };
  }
  if (typeof runs === "string") return { error: runs };
  if (typeof messages === "string") return { error: messages };
  return { runs: Math.max(5, runs), messages };
}

/** The options, or exits: 0 after --help (usage on stdout), 2 on a bad command line (usage on stderr). */
export function benchOptions(argv = process.argv.slice(2)): BenchOptions {
  const parsed = parseBenchArgs(argv);
  if ("help" in parsed) {
    process.stdout.write(BENCH_USAGE + "\n");
    process.exit(0);
  }
  if ("error" in parsed) {
    process.stderr.write(`bench: ${parsed.error}\n${BENCH_USAGE}\n`);
    process.exit(2);
  }
  return parsed;
}
