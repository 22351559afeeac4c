// `npm run check:upstream -- --nodemcu DIR`: builds NodeMCU's own hardware-free
// modules (bit, struct, encoder, pipe, crypto) unchanged from a dev-esp32
// checkout into nodemcu-host and runs our tests of their documented API
// (lua/<module>.lua) under Lua 5.1 and 5.3 with ASan/UBSan. One line per
// module and Lua version; exit 1 if any fails, 2 for bad usage.
// The checkout is only read: nothing of it is copied into this repository.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { LUA_VERSIONS, UPSTREAM_MODULES, runModuleTest } from "./suite.ts";

const USAGE = `usage: npm run check:upstream -- --nodemcu DIR [--verbose]

Builds components/modules/{${UPSTREAM_MODULES.join(",")}}.c of the NodeMCU
dev-esp32 checkout DIR unchanged into nodemcu-host (--with, --sanitize) and
runs test/host/upstream/lua/<module>.lua under Lua 5.1 and 5.3. Prints one
line per module and Lua version; exits 1 if any build or test fails.

options:
  --nodemcu DIR   the NodeMCU checkout (tested at dev-esp32 7c5bb151)
  --verbose       print the whole log of a failure and the modules' warnings
  -h, --help      print this help and exit`;

function parse(argv: string[]): { dir: string; verbose: boolean } | number {
  let dir: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-h" || a === "--help") {
      console.log(USAGE);
      return 0;
    } else if (a === "--nodemcu" && argv[i + 1] !== undefined) dir = argv[++i];
    else if (a === "--verbose") verbose = true;
    else {
      console.error(`check:upstream: unexpected argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (dir === undefined) {
    console.error(`check:upstream: --nodemcu DIR is required\n${USAGE}`);
    return 2;
  }
  return { dir: resolve(dir), verbose };
}

/** "dev-esp32 checkout at <commit>" when DIR is a git work tree, else just the path. */
function describe(dir: string): string {
  const r = spawnSync("git", ["-C", dir, "rev-parse", "--short=8", "HEAD"], { encoding: "utf8" });
  return r.status === 0 ? `${dir} at ${r.stdout.trim()}` : `${dir} (not a git checkout)`;
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (typeof args === "number") return args;
  const modules = join(args.dir, "components/modules");
  const missing = UPSTREAM_MODULES.filter((m) => !existsSync(join(modules, `${m}.c`)));
  if (missing.length > 0) {
    console.error(`check:upstream: ${modules} has no ${missing.map((m) => `${m}.c`).join(", ")}: is DIR a NodeMCU dev-esp32 checkout?`);
    return 2;
  }
  console.log(`NodeMCU: ${describe(args.dir)}`);
  let failed = 0;
  for (const module of UPSTREAM_MODULES) {
    for (const lua of LUA_VERSIONS) {
      const r = await runModuleTest(lua, module, [join(modules, `${module}.c`)]);
      if (!r.ok) failed++;
      console.log(`${r.ok ? "pass" : "FAIL"}  ${module.padEnd(8)} Lua ${lua}  ${r.summary}`);
      if (args.verbose && r.warnings) process.stdout.write(r.warnings);
      if (args.verbose && !r.ok) process.stdout.write(r.log);
    }
  }
  const total = UPSTREAM_MODULES.length * LUA_VERSIONS.length;
  console.log(failed === 0 ? `all ${total} passed` : `${failed} of ${total} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
