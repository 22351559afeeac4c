// The NodeMCU module tests of this folder: which modules, and one run of a
// module's Lua test (lua/<module>.lua) on nodemcu-host with the module built
// in through --with. Shared by `npm run check:upstream` (upstream's own C,
// from a NodeMCU checkout) and probes.test.ts (our probe modules, in CI).
import { join } from "node:path";
import { HostBuildError, REPO_ROOT, buildHost, runBinary } from "../../../host/runner/build.ts";
import type { LuaVersion } from "../../../host/runner/config.ts";

/** NodeMCU dev-esp32's hardware-free modules, as components/modules/<name>.c. */
export const UPSTREAM_MODULES = ["bit", "struct", "encoder", "pipe", "crypto"] as const;
export type UpstreamModule = (typeof UPSTREAM_MODULES)[number];
export const LUA_VERSIONS: LuaVersion[] = ["5.1", "5.3"];

export const LUA_TESTS = join(REPO_ROOT, "test/host/upstream/lua");

export interface ModuleRun {
  ok: boolean;
  /** "26 checks", or what went wrong: the build's or the script's first lines */
  summary: string;
  /** everything gcc and the script said, for a failure's details */
  log: string;
  /** gcc's warnings for the module (IDF's flags let some through) */
  warnings: string;
}

/** Builds nodemcu-host with `sources` (--with, no MQTT, ASan/UBSan) and runs lua/<test>.lua. */
export async function runModuleTest(lua: LuaVersion, test: string, sources: string[]): Promise<ModuleRun> {
  const opts = { lua, with: sources, mqtt: false, sanitize: true };
  let built;
  try {
    built = await buildHost(opts);
  } catch (e) {
    if (!(e instanceof HostBuildError)) throw e;
    const first = e.log.split("\n").find((l) => /error/.test(l)) ?? e.log.split("\n")[0] ?? "";
    return { ok: false, summary: `build failed: ${first.trim()}`, log: e.log, warnings: "" };
  }
  const r = await runBinary(built.binary, { ...opts, script: join(LUA_TESTS, `${test}.lua`), timeout: 60 });
  const pass = /^pass (\d+) checks$/m.exec(r.stdout);
  const log = `${r.stdout}${r.stderr}`;
  if (r.code === 0 && pass) return { ok: true, summary: `${pass[1]} checks`, log, warnings: built.warnings };
  const why = r.stderr.split("\n").find((l) => l.trim() !== "") ?? `exit ${r.code}`;
  const verdict = /^fail .*$/m.exec(r.stdout)?.[0] ?? `exit ${r.code}`;
  return { ok: false, summary: `${verdict}: ${why.trim()}`, log, warnings: built.warnings };
}
