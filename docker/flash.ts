// npm run flash -- --port /dev/ttyUSB0 [options]; --help lists them (docker/lib/args.ts).
// Flashes a variant built by `npm run firmware` with the esptool inside the IDF image.

import { existsSync } from "node:fs";
import path from "node:path";
import { FLASH_USAGE, parseFlashArgs } from "./lib/args.ts";
import { flashCommand, idfBuildDir } from "./lib/commands.ts";
import { main } from "./lib/cli.ts";
import { printPlan, runPlan } from "./lib/run.ts";
import { checkSerialPort, portGroupOption } from "./lib/serial-port.ts";
import { variantName } from "./lib/variant.ts";

main({
  name: "flash",
  usage: FLASH_USAGE,
  parse: parseFlashArgs,
  dryRun(opts, ctx) {
    console.log(`# flash ${variantName(opts.variant)} to ${opts.port} (dry run: nothing is executed)`);
    const port = checkSerialPort(opts.port);
    if (!port.ok) {
      console.log(`# note: a real run stops here: ${port.message}`);
      console.log(`# (with the port present, the command also gets --group-add with the port's group)`);
    }
    printPlan([flashCommand(ctx, opts.variant, opts.port, opts.baud, port.ok ? portGroupOption(ctx, port.gid) : undefined)]);
  },
  async run(opts, ctx) {
    const port = checkSerialPort(opts.port);
    if (!port.ok) {
      console.error(port.message);
      return 1;
    }
    const flashArgs = path.join(ctx.repoRoot, idfBuildDir(opts.variant), "flash_args");
    if (!existsSync(flashArgs)) {
      const v = opts.variant;
      console.error(
        `flash: ${variantName(v)} is not built; run: npm run firmware -- --lua ${v.lua} --profile ${v.profile} --protocol ${v.protocol}`,
      );
      return 1;
    }
    const group = portGroupOption(ctx, port.gid);
    return runPlan([flashCommand(ctx, opts.variant, opts.port, opts.baud, group)], "flash");
  },
});
