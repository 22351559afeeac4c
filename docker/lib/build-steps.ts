// Build one variant for real: image, NodeMCU checkout, idf.py, merged image,
// then copy the pieces a user flashes into build/firmware/<variant>/.

import { copyFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { HostContext } from "./commands.ts";
import {
  artifactCopies,
  fetchCommand,
  idfBuildCommand,
  idfMenuconfigCommand,
  imageBuildCommand,
  mergeCommand,
} from "./commands.ts";
import { refreshSdkconfig } from "./config-stamp.ts";
import { runPlan } from "./run.ts";
import { fragmentFiles } from "./sdkconfig.ts";
import type { Variant } from "./variant.ts";
import { variantDir, variantName } from "./variant.ts";

/** Docker image and NodeMCU checkout: shared by every variant, done once per run. */
export function prepare(ctx: HostContext): Promise<number> {
  return runPlan([imageBuildCommand(ctx), fetchCommand(ctx)], "prepare");
}

export async function buildVariant(ctx: HostContext, v: Variant, menuconfig = false): Promise<number> {
  const label = `firmware ${variantName(v)}`;
  const texts = fragmentFiles(v).map((f) => {
    const p = path.join(ctx.repoRoot, f);
    if (!existsSync(p)) throw new Error(`sdkconfig fragment missing: ${f}`);
    return readFileSync(p, "utf8");
  });
  if (refreshSdkconfig(path.join(ctx.repoRoot, variantDir(v)), texts)) {
    console.log(`==> ${label}: sdkconfig fragments changed, starting from fresh sdkconfig`);
  }
  const steps = [...(menuconfig ? [idfMenuconfigCommand(ctx, v)] : []), idfBuildCommand(ctx, v), mergeCommand(ctx, v)];
  const code = await runPlan(steps, label);
  if (code !== 0) return code;
  for (const { from, to } of artifactCopies(v)) {
    copyFileSync(path.join(ctx.repoRoot, from), path.join(ctx.repoRoot, to));
  }
  console.log(`==> ${label}: done, images in ${variantDir(v)}/ (flash_image.bin = merged 4 MB image)`);
  return 0;
}
