// Shared by the host platform tests: run a fixture script on nodemcu-host
// built without the MQTT port (these tests are about the platform itself).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { type RunOptions, type RunResult, REPO_ROOT, buildHost, runBinary } from "../../../host/runner/build.ts";
import type { LuaVersion } from "../../../host/runner/config.ts";

export const FIXTURES = join(REPO_ROOT, "test/host/platform/fixtures");
export const LUA_VERSIONS: LuaVersion[] = ["5.1", "5.3"];
export const RINGBUF = join(FIXTURES, "ringbuf.c");

export interface Timed extends RunResult {
  /** wall time of the run alone, without the build */
  ms: number;
  lines: string[];
}

export async function run(lua: LuaVersion, script: string, extra: Partial<RunOptions> = {}): Promise<Timed> {
  const opts: RunOptions = { lua, mqtt: false, timeout: 30, ...extra, script: join(FIXTURES, script) };
  const { binary } = await buildHost(opts);
  const t0 = performance.now();
  const r = await runBinary(binary, opts);
  const ms = performance.now() - t0;
  return { ...r, ms, lines: r.stdout.split("\n").filter((l) => l !== "") };
}

/**
 * Unit source -> its gcc flags (its DWARF producer string), for the units built from this
 * repository (not the sanitizer runtime's): how a binary was really compiled.
 */
export function unitFlags(binary: string): Map<string, string> {
  const info = execFileSync("readelf", ["--debug-dump=info", binary], { encoding: "utf8", maxBuffer: 256 << 20 });
  const units = new Map<string, string>();
  let producer: string | undefined;
  for (const line of info.split("\n")) {
    const p = /DW_AT_producer\s*:.*?(GNU C.*)$/.exec(line);
    if (p) producer = p[1];
    const n = /DW_AT_name\s*:.*?: (\S+)$/.exec(line);
    if (n && producer !== undefined) {
      // the unit's own name follows its producer; later names belong to its DIEs
      if (n[1]!.startsWith(REPO_ROOT)) units.set(n[1]!, producer);
      producer = undefined;
    }
  }
  return units;
}

