/**
 * Transpile time of module-src/mqtt.ts: the tsc2c command against
 * `tsc --noEmit` on the same sources (bench/tsconfig.mqtt.json: the module,
 * its decl/ imports and tsc2c's prelude, with tsc2c's compiler options).
 * Both run the same way: a fresh `node` child process, timed from spawn to
 * exit (wall clock), alternately. tsc2c is its bundled CLI as `npm install`
 * builds it (`node build/tsc2c/tsc2c.cjs check module-src/mqtt.ts`: the whole
 * pipeline, load to print, without writing the file), rebuilt first so it is
 * current; tsc is `node node_modules/typescript/lib/tsc.js`. Start-up is in
 * both figures.
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

export async function transpile(runs: number): Promise<Paired> {
  const { bundle, bundlePath } = await import("../compiler/build/bundle.mjs");
  await bundle();
  return alternate(runs,
    () => timed([path.relative(root, bundlePath), "check", "module-src/mqtt.ts"]),
    () => timed(["node_modules/typescript/lib/tsc.js", "--noEmit", "-p", "bench/tsconfig.mqtt.json"]));
}
