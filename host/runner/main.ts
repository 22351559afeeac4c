// nodemcu-host: `npm run -s host -- [options] script.lua [args...]`.
// Builds the host binary if its sources changed, runs the script with it,
// and exits with the script's status.
import { HostBuildError, buildHost, runBinary } from "./build.ts";
import { HELP, USAGE, parseArgs } from "./args.ts";

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    // UsageError, or a bad --config from parseConfigArg (a plain Error).
    if (e instanceof Error) {
      console.error(`nodemcu-host: ${e.message}`);
      console.error(USAGE);
      return 2;
    }
    throw e;
  }
  if (opts === "help") {
    console.log(HELP);
    return 0;
  }
  try {
    const built = await buildHost(opts);
    // IDF's flag set lets a --with module build with warnings; show them as idf.py would.
    if (built.warnings) process.stderr.write(built.warnings);
    const r = await runBinary(built.binary, { ...opts, stdio: "inherit" });
    return r.code;
  } catch (e) {
    if (e instanceof HostBuildError) {
      console.error(e.message);
      return 1;
    }
    console.error(`nodemcu-host: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

process.exitCode = await main();
