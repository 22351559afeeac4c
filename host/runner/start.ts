// `npm start`: runs examples/hello.lua (or the script given) on nodemcu-host.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { HostBuildError, REPO_ROOT, runHost } from "./build.ts";

const script = process.argv[2] ?? join(REPO_ROOT, "examples/hello.lua");
if (!existsSync(script)) {
  console.error(`nodemcu-host: no script at ${script}; try: npm run -s host -- your-script.lua`);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = (await runHost({ script, args: process.argv.slice(3), stdio: "inherit" })).code;
  } catch (e) {
    console.error(e instanceof HostBuildError ? e.message : `nodemcu-host: ${String(e)}`);
    process.exitCode = 1;
  }
}
