import { mkdirSync, readFileSync, writeFileSync, watch } from "node:fs";
import { dirname, resolve } from "node:path";
import { compile } from "../compile.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";

const usage = `usage:
  tsc2c build <entry.ts> -o <out.c> [--line-directives] [--watch]
  tsc2c check <entry.ts> [--watch]`;

interface Args {
  command: "build" | "check";
  entry: string;
  out?: string;
  lineDirectives: boolean;
  watch: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  if (command !== "build" && command !== "check") return usage;
  let entry: string | undefined, out: string | undefined;
  let lineDirectives = false, watchMode = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "-o" || a === "--out") out = rest[++i];
    else if (a === "--line-directives") lineDirectives = true;
    else if (a === "--watch") watchMode = true;
    else if (a.startsWith("-")) return `unknown option ${a}\n${usage}`;
    else if (!entry) entry = a;
    else return `unexpected argument ${a}\n${usage}`;
  }
  if (!entry) return usage;
  if (command === "build" && !out) return `build needs -o <out.c>\n${usage}`;
  return { command, entry, ...(out ? { out } : {}), lineDirectives, watch: watchMode };
}

/** One run; returns the exit code. */
function run(args: Args): number {
  const result = compile(args.entry, { ...(args.out ? { outFile: args.out } : {}), lineDirectives: args.lineDirectives });
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
  if (result.diagnostics.length) {
    process.stderr.write(`${result.diagnostics.length} error${result.diagnostics.length > 1 ? "s" : ""}\n`);
    return 1;
  }
  if (args.command === "build" && args.out && result.c !== undefined) {
    const out = resolve(args.out);
    mkdirSync(dirname(out), { recursive: true });
    let old: string | undefined;
    try { old = readFileSync(out, "utf8"); } catch { /* new file */ }
    // leave the file untouched when nothing changed, so builds that watch mtimes stay quiet
    if (old !== result.c) writeFileSync(out, result.c);
  }
  return 0;
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(args + "\n");
    return 2;
  }
  try {
    const code = run(args);
    if (!args.watch) return code;
  } catch (e) {
    // a compiler bug: say so, with the stack trace that locates it
    process.stderr.write(`tsc2c: internal error: ${(e as Error).stack ?? String(e)}\n`);
    if (!args.watch) return 3;
  }
  const dir = dirname(resolve(args.entry));
  process.stderr.write(`watching ${dir} for changes\n`);
  let timer: NodeJS.Timeout | undefined;
  watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try { run(args); } catch (e) { process.stderr.write(`tsc2c: internal error: ${(e as Error).stack ?? String(e)}\n`); }
    }, 100);
  });
  return -1; // keep running
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("cli/main.ts")) {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
