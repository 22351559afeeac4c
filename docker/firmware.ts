// npm run firmware -- [options]; --help lists them (docker/lib/args.ts).
// Builds NodeMCU (with our mqtt.c) in the ESP-IDF v5.1.3 image into build/firmware/<variant>/.

import { FIRMWARE_USAGE, parseFirmwareArgs } from "./lib/args.ts";
import { sizeCheckNote } from "./lib/app-size-check.ts";
import { artifactCopies, firmwarePlan } from "./lib/commands.ts";
import { buildVariant, prepare } from "./lib/build-steps.ts";
import { main } from "./lib/cli.ts";
import { printPlan } from "./lib/run.ts";
import { variantName } from "./lib/variant.ts";

main({
  name: "firmware",
  usage: FIRMWARE_USAGE,
  parse: parseFirmwareArgs,
  dryRun(opts, ctx) {
    console.log(`# firmware ${variantName(opts.variant)} (dry run: nothing is executed)`);
    printPlan(firmwarePlan(ctx, opts.variant, opts.menuconfig));
    console.log(`# after idf.py size: ${sizeCheckNote(opts.variant)}`);
    for (const { from, to } of artifactCopies(opts.variant)) console.log(`# then copy ${from} -> ${to}`);
  },
  async run(opts, ctx) {
    const code = await prepare(ctx);
    return code !== 0 ? code : buildVariant(ctx, opts.variant, opts.menuconfig);
  },
});
