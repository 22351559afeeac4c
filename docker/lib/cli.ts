// Shared shape of the three npm-script entry points: parse, maybe print the
// plan (--dry-run), otherwise insist on a Docker engine, then run.

import { checkDockerEngine, noEngineMessage } from "./engine.ts";
import { HelpRequested, UsageError } from "./args.ts";
import type { HostContext } from "./commands.ts";
import { hostContext } from "./host-context.ts";

export interface CliSpec<T extends { dryRun: boolean }> {
  name: string;
  usage: string;
  parse(argv: readonly string[]): T;
  dryRun(opts: T, ctx: HostContext): void;
  run(opts: T, ctx: HostContext): Promise<number>;
}

export async function runCli<T extends { dryRun: boolean }>(spec: CliSpec<T>, argv: readonly string[]): Promise<number> {
  let opts: T;
  try {
    opts = spec.parse(argv);
  } catch (e) {
    if (e instanceof HelpRequested) {
      console.log(spec.usage);
      return 0;
    }
    if (e instanceof UsageError) {
      console.error(`${spec.name}: ${e.message}\n${spec.usage}`);
      return 2;
    }
    throw e;
  }
  const ctx = hostContext();
  if (opts.dryRun) {
    spec.dryRun(opts, ctx);
    return 0;
  }
  const engine = checkDockerEngine(ctx.docker);
  if (!engine.ok) {
    console.error(noEngineMessage(spec.name, engine.reason));
    return 2;
  }
  return spec.run(opts, ctx);
}

/** Entry-point wrapper: exit with the returned code, report crashes as exit 1. */
export function main<T extends { dryRun: boolean }>(spec: CliSpec<T>): void {
  runCli(spec, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
