// `npm start`: the main job. Regenerates the module, builds nodemcu-host, starts a
// Mosquitto broker on a free loopback port, runs examples/hello.lua (or the script
// given) against it, and stops the broker.
//   npm start [-- [script.lua [args...]]]     (--help: usage on stdout)
import { join } from "node:path";
import { main as tsc2c } from "../../compiler/cli/main.ts";
import { startBroker } from "../../test/helpers/broker.ts";
import { HostBuildError, REPO_ROOT, buildHost, runBinary } from "./build.ts";

const START_USAGE = `usage: npm start [-- [script.lua [args...]]]

Regenerates components/modules/mqtt.c, builds nodemcu-host, starts a Mosquitto
broker on a free loopback port and runs script.lua (default examples/hello.lua)
with the broker's host and port as arg[1], arg[2], then the args; exits with
the script's status. For the runner's options: npm run -s host -- --help.

options:
  -h, --help             print this help and exit`;

/** `tsc2c build` as `npm run gen` runs it: diagnostics on stderr, the file rewritten only when it changed. */
function regenerate(): boolean {
  const ok = tsc2c(["build", join(REPO_ROOT, "module-src/mqtt.ts"), "-o", join(REPO_ROOT, "components/modules/mqtt.c")]) === 0;
  if (ok) console.log("tsc2c: module-src/mqtt.ts -> components/modules/mqtt.c");
  return ok;
}

async function main(): Promise<number> {
  const first = process.argv[2];
  if (first === "-h" || first === "--help") {
    console.log(START_USAGE);
    return 0;
  }
  if (first?.startsWith("-")) {
    console.error(`npm start: unknown option ${first}\n${START_USAGE}`);
    return 2;
  }
  if (!regenerate()) return 1;
  const build = await buildHost({});
  console.log(`nodemcu-host: ${build.cached ? "up to date" : "built"} (${build.binary})`);
  const broker = await startBroker();
  console.log(`mosquitto: listening on ${broker.host}:${broker.port}\n`);
  try {
    const script = first ?? join(REPO_ROOT, "examples/hello.lua");
    const r = await runBinary(build.binary, { script, args: [broker.host, String(broker.port), ...process.argv.slice(3)], stdio: "inherit", timeout: 60 });
    return r.code;
  } finally {
    await broker.stop();
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (e) => {
    console.error(e instanceof HostBuildError ? e.message : `npm start: ${String(e)}`);
    process.exitCode = 1;
  },
);
