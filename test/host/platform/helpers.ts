// Shared by the host platform tests: run a fixture script on nodemcu-host
// built without the MQTT port (these tests are about the platform itself).
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
