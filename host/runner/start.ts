// `npm start`: the main job. Regenerates the module, builds nodemcu-host, starts a
// Mosquitto broker on a free loopback port, runs examples/hello.lua (or the script
// given) against it, and stops the broker.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { startBroker } from "../../test/helpers/broker.ts";
import { HostBuildError, REPO_ROOT, buildHost, runHost } from "./build.ts";

function regenerate(): boolean {
  const out = join(REPO_ROOT, "components/modules/mqtt.c");
  const r = compile(join(REPO_ROOT, "module-src/mqtt.ts"), { outFile: out });
  for (const d of r.diagnostics) console.error(formatDiagnostic(d));
  if (r.c === undefined) return false;
  if (readFileSync(out, "utf8") !== r.c) writeFileSync(out, r.c);
  console.log("tsc2c: module-src/mqtt.ts -> components/modules/mqtt.c");
  return true;
}

async function main(): Promise<number> {
  if (!regenerate()) return 1;
  const build = await buildHost({});
  console.log(`nodemcu-host: ${build.cached ? "up to date" : "built"} (${build.binary})`);
  const broker = await startBroker();
  console.log(`mosquitto: listening on ${broker.host}:${broker.port}\n`);
  try {
    const script = process.argv[2] ?? join(REPO_ROOT, "examples/hello.lua");
    const r = await runHost({ script, args: [broker.host, String(broker.port), ...process.argv.slice(3)], stdio: "inherit", timeout: 60 });
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
