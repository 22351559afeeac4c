import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../compile.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { type BuildArgs, parseArgs } from "./args.ts";
import { init } from "./init.ts";
import { writeDocs } from "./docs.ts";
import { watchBuild } from "./watch.ts";

/** The package's version, read when asked: the bundle is rebuilt for compiler sources only. */
function version(): string {
  // two levels below the root both as compiler/cli/main.ts and as build/tsc2c/tsc2c.cjs
  const here = dirname(typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url));
  return (JSON.parse(readFileSync(join(here, "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

/** One build or check; returns the number of errors (its diagnostics), or -1 for a compiler bug. */
function run(args: BuildArgs): number {
  let result;
  try {
    result = compile(args.entry, { ...(args.out ? { outFile: args.out } : {}), lineDirectives: args.lineDirectives });
  } catch (e) {
    // a compiler bug: say so, with the stack trace that locates it (nothing hides it)
    process.stderr.write(`tsc2c: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return -1;
  }
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
  if (result.diagnostics.length) {
    if (!args.watch) process.stderr.write(`${result.diagnostics.length} error${result.diagnostics.length > 1 ? "s" : ""}\n`);
    return result.diagnostics.length;
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

/** Returns the exit code, or -1 while --watch keeps running. */
export function main(argv: string[]): number {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case "help":
      process.stdout.write(parsed.text + "\n");
      return 0;
    case "version":
      process.stdout.write(`tsc2c ${version()}\n`);
      return 0;
    case "error":
      process.stderr.write(`tsc2c: ${parsed.message}\n${parsed.usage}\n`);
      return 2;
    case "init": {
      const error = init(parsed.dir);
      if (error) process.stderr.write(`tsc2c: ${error}\n`);
      else process.stdout.write(`tsc2c: wrote ${resolve(parsed.dir, "tsconfig.json")}\n`);
      return error ? 1 : 0;
    }
    case "docs":
      return writeDocs(parsed.entry, { ...(parsed.luaStubs ? { luaStubs: parsed.luaStubs } : {}), ...(parsed.page ? { page: parsed.page } : {}) });
    case "run": {
      const { args } = parsed;
      if (args.watch) {
        watchBuild(args.entry, () => Math.abs(run(args)));
        return -1;
      }
      const errors = run(args);
      return errors < 0 ? 3 : errors > 0 ? 1 : 0;
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("cli/main.ts")) {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
}
