/**
 * Transpile time of module-src/mqtt.ts: tsc2c's compile() against
 * `tsc --noEmit` on the same sources (bench/tsconfig.mqtt.json: the module,
 * its decl/ imports and tsc2c's prelude, with tsc2c's compiler options).
 * Both run the same way: a fresh `node` child process, timed from spawn to
 * exit (wall clock), alternately. compile() runs as the CLI does, under the
 * tsx loader (`node --import tsx bench/compile-once.ts`); tsc is
 * `node node_modules/typescript/lib/tsc.js`. Start-up is in both figures.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "./proc.ts";
import { alternate, type Paired } from "./stats.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function timed(args: string[]): Promise<number> {
  const res = await run(process.execPath, args, { cwd: root });
  if (res.code !== 0) throw new Error(`node ${args.join(" ")} failed (${res.code}):\n${res.stdout}${res.stderr}`);
  return res.ms;
}

export function transpile(runs: number): Promise<Paired> {
  return alternate(runs,
    () => timed(["--import", "tsx", "bench/compile-once.ts", "module-src/mqtt.ts"]),
    () => timed(["node_modules/typescript/lib/tsc.js", "--noEmit", "-p", "bench/tsconfig.mqtt.json"]));
}
