// The app-size check after a build: gather what docker/lib/app-size.ts judges
// from the variant's folders (its sdkconfig names the partition table).

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { WARN_PERCENT, appSizeVerdict, parseIdfSizeTotal, type AppSizeVerdict } from "./app-size.ts";
import { appBinName, idfBuildDir, sizeReportPath } from "./commands.ts";
import { DEFAULT_TABLE_OFFSET, parsePartitionTable, parseSize, smallestAppPartition } from "./partitions.ts";
import { parseFragment } from "./sdkconfig.ts";
import type { Variant } from "./variant.ts";
import { projectDir, variantDir } from "./variant.ts";

/** The app's built .bin, relative to the repository. */
export function appBinPath(v: Variant): string {
  return `${idfBuildDir(v)}/${appBinName(v)}`;
}

/** What the check does, for --dry-run. */
export function sizeCheckNote(v: Variant): string {
  return (
    `check ${appBinPath(v)} and "Total image size" in ${sizeReportPath(v)} against the smallest app partition ` +
    `of the table its sdkconfig names; fail above 100%, warn above ${WARN_PERCENT}%`
  );
}

/** `repoRoot` is absolute; every other path comes from the variant. */
export function checkAppSize(repoRoot: string, v: Variant): AppSizeVerdict {
  const abs = (p: string) => path.join(repoRoot, p);
  const config = parseFragment(readFileSync(abs(`${variantDir(v)}/sdkconfig`), "utf8"));
  const csvSetting = config.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME");
  if (config.get("CONFIG_PARTITION_TABLE_CUSTOM") !== "y" || !csvSetting) {
    throw new Error(`${variantDir(v)}/sdkconfig names no custom partition table`);
  }
  // ESP-IDF resolves the file against the app's project folder.
  const csvPath = path.resolve(repoRoot, projectDir(v), JSON.parse(csvSetting) as string);
  const offsetSetting = config.get("CONFIG_PARTITION_TABLE_OFFSET");
  const table = parsePartitionTable(
    readFileSync(csvPath, "utf8"),
    offsetSetting ? parseSize(offsetSetting) : DEFAULT_TABLE_OFFSET,
  );
  const partition = smallestAppPartition(table);
  if (!partition) throw new Error(`${csvPath} has no app partition`);
  const bin = abs(appBinPath(v));
  const report = abs(sizeReportPath(v));
  return appSizeVerdict({
    app: appBinName(v),
    binBytes: existsSync(bin) ? statSync(bin).size : null,
    idfTotal: existsSync(report) ? parseIdfSizeTotal(readFileSync(report, "utf8")) : null,
    partition,
  });
}
