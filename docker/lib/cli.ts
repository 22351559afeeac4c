// Shared shape of the three npm-script entry points: parse, maybe print the
// plan (--dry-run), otherwise insist on a Docker engine, then run.

import { checkDockerEngine, noEngineMessage, userModeOverride } from "./engine.ts";
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
  const override = userModeOverride(process.env);
  const docker = hostContext().docker;
  const engine = checkDockerEngine(docker);
  if (opts.dryRun) {
    // The engine decides how containers run as the user; without one, show rootful Docker's way.
    const mode = override ?? (engine.ok ? engine.mode : "map-user");
    console.log(
      override
        ? `# container user mode ${mode} (CONTAINER_USER_MODE)`
        : engine.ok
          ? `# ${engine.kind}: container user mode ${mode}`
          : `# no engine reachable (${engine.reason}): commands as for rootful Docker (-u uid:gid)`,
    );
    spec.dryRun(opts, hostContext(process.env, mode));
    return 0;
  }
  if (!engine.ok) {
    console.error(noEngineMessage(spec.name, engine.reason));
    return 2;
  }
  return spec.run(opts, hostContext(process.env, override ?? engine.mode));
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
