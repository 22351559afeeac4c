// Build one variant for real: image, NodeMCU checkout, idf.py, merged image,
// then copy the pieces a user flashes into build/firmware/<variant>/.

import { copyFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command, HostContext } from "./commands.ts";
import { appBinPath, checkAppSize } from "./app-size-check.ts";
import {
  artifactCopies,
  fetchCommand,
  idfBuildCommand,
  idfMenuconfigCommand,
  idfSizeCommand,
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

/** How a plan of commands is run: runPlan for real, a fake in the tests. */
export type PlanRunner = (commands: readonly Command[], label: string) => Promise<number>;

export async function buildVariant(ctx: HostContext, v: Variant, menuconfig = false, run: PlanRunner = runPlan): Promise<number> {
  const label = `firmware ${variantName(v)}`;
  const texts = fragmentFiles(v).map((f) => {
    const p = path.join(ctx.repoRoot, f);
    if (!existsSync(p)) throw new Error(`sdkconfig fragment missing: ${f}`);
    return readFileSync(p, "utf8");
  });
  if (refreshSdkconfig(path.join(ctx.repoRoot, variantDir(v)), texts)) {
    console.log(`==> ${label}: sdkconfig fragments changed, starting from fresh sdkconfig`);
  }
  if (menuconfig) {
    const code = await run([idfMenuconfigCommand(ctx, v)], label);
    if (code !== 0) return code;
  }
  const built = await run([idfBuildCommand(ctx, v)], label);
  // An app too large for its partition fails ESP-IDF's build after the .bin is
  // written: still report its size, which says by how much.
  if (built !== 0 && !existsSync(path.join(ctx.repoRoot, appBinPath(v)))) return built;
  const sized = await run([idfSizeCommand(ctx, v)], label);
  if (sized !== 0) return built || sized;
  const verdict = checkAppSize(ctx.repoRoot, v);
  (verdict.level === "ok" ? console.log : console.error)(`==> ${label}: ${verdict.line}`);
  if (built !== 0) return built;
  if (verdict.level === "fail") return 1;
  const merged = await run([mergeCommand(ctx, v)], label);
  if (merged !== 0) return merged;
  for (const { from, to } of artifactCopies(v)) {
    copyFileSync(path.join(ctx.repoRoot, from), path.join(ctx.repoRoot, to));
  }
  console.log(`==> ${label}: done, images in ${variantDir(v)}/ (flash_image.bin = merged 4 MB image)`);
  return 0;
}
