// How much of its flash partition the app image uses, after a build.
//
// Two numbers from the build: the size of the app .bin that is flashed (what
// ESP-IDF's own check_sizes.py compares), and the "Total image size: N bytes"
// line of `idf.py size` (esp-idf-size's summary, the same line in its legacy and
// NG text formats). The larger of the two is compared with the smallest app
// partition of the partition table: above 100% the build fails, above 90% it warns.

import type { Partition } from "./partitions.ts";

export const WARN_PERCENT = 90;

const TOTAL = /^\s*Total image size:\s*(\d+) bytes/m;

/** The image size `idf.py size` reports, or null when the text has no summary. */
export function parseIdfSizeTotal(text: string): number | null {
  const m = TOTAL.exec(text);
  return m ? Number(m[1]) : null;
}

export interface AppSizeInput {
  app: string;
  /** Size of the .bin file, when it exists. */
  binBytes: number | null;
  /** `idf.py size`'s total, when its report was read. */
  idfTotal: number | null;
  partition: Partition;
}

export interface AppSizeVerdict {
  level: "ok" | "warn" | "fail";
  percent: number;
  /** One line for the build log. */
  line: string;
}

const n = (x: number) => x.toLocaleString("en-US");

export function appSizeVerdict(i: AppSizeInput): AppSizeVerdict {
  const sizes = [i.binBytes, i.idfTotal].filter((x): x is number => x !== null);
  if (sizes.length === 0) throw new Error(`no size known for ${i.app}: neither the .bin nor idf.py size's report was found`);
  const used = Math.max(...sizes);
  const room = i.partition.size;
  const percent = (used / room) * 100;
  const pct = `${percent.toFixed(1)}%`;
  const where = `partition ${i.partition.name} (${n(room)} bytes at 0x${i.partition.offset.toString(16)})`;
  const parts = [
    i.binBytes !== null ? `${i.app} ${n(i.binBytes)} bytes` : `${i.app} (no .bin)`,
    i.idfTotal !== null ? `idf.py size total ${n(i.idfTotal)} bytes` : "no idf.py size report",
  ].join(", ");
  if (used > room) {
    return {
      level: "fail",
      percent,
      line:
        `app size: ${parts}: ${n(used - room)} bytes MORE than ${where} (${pct}). ` +
        `Give the app a larger partition in firmware-config/partitions.csv, or turn modules off (--menuconfig).`,
    };
  }
  const free = `${pct} used, ${n(room - used)} bytes free`;
  if (percent > WARN_PERCENT) {
    return { level: "warn", percent, line: `app size: WARNING ${parts} in ${where}: ${free} (above ${WARN_PERCENT}%)` };
  }
  return { level: "ok", percent, line: `app size: ${parts} in ${where}: ${free}` };
}
