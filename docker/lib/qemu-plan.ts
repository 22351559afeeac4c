// What `npm run test:qemu` runs, as commands (for --dry-run and the real run).

import type { QemuTestOptions } from "./args.ts";
import type { Command, HostContext } from "./commands.ts";
import {
  brokerCheckCommand,
  brokerStartCommand,
  brokerStopCommand,
  certsCommand,
  fetchCommand,
  imageBuildCommand,
  qemuBootCommand,
  variantSteps,
} from "./commands.ts";
import type { Variant } from "./variant.ts";

/** The two QEMU-profile apps a test run uses. */
export function qemuVariants(o: Pick<QemuTestOptions, "lua" | "protocol">): { firmware: Variant; unity: Variant } {
  const base = { lua: o.lua, profile: "qemu", protocol: o.protocol } as const;
  return { firmware: { ...base, app: "firmware" }, unity: { ...base, app: "unity" } };
}

export function qemuTestPlan(ctx: HostContext, o: QemuTestOptions): Command[] {
  const v = qemuVariants(o);
  // --no-build skips the firmware builds, not the image: QEMU and OpenSSL run
  // in it (and `docker build` of an existing image is a cache hit).
  const build = o.noBuild
    ? [imageBuildCommand(ctx)]
    : [
        imageBuildCommand(ctx),
        fetchCommand(ctx),
        ...variantSteps(ctx, v.firmware),
        ...variantSteps(ctx, v.unity),
      ];
  return [...build, certsCommand(ctx), brokerCheckCommand(ctx), ...bootWithBroker(ctx, v.firmware), qemuBootCommand(ctx, v.unity)];
}

/** One QEMU boot next to its own broker container, which is removed afterwards. */
export function bootWithBroker(ctx: HostContext, v: Variant): Command[] {
  return [brokerStartCommand(ctx, v), qemuBootCommand(ctx, v), brokerStopCommand(ctx, v)];
}
