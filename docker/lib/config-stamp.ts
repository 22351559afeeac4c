// Keep a variant's sdkconfig in step with its fragments.
//
// ESP-IDF only applies SDKCONFIG_DEFAULTS to options the existing sdkconfig does
// not set, so an edited fragment would silently not take effect on a rebuild.
// We record a hash of the fragment texts next to the sdkconfig and delete the
// sdkconfig when they changed. Changes made with `idf.py menuconfig` survive as
// long as the fragments stay the same.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export function fragmentsHash(texts: readonly string[]): string {
  const h = createHash("sha256");
  for (const t of texts) h.update(`${t.length}\n${t}`);
  return h.digest("hex");
}

/**
 * Returns true when the sdkconfig was removed (it will be regenerated from the
 * fragments). `variantDir` is absolute.
 */
export function refreshSdkconfig(variantDir: string, fragmentTexts: readonly string[]): boolean {
  mkdirSync(variantDir, { recursive: true });
  const stampPath = path.join(variantDir, "fragments.sha256");
  const sdkconfigPath = path.join(variantDir, "sdkconfig");
  const want = fragmentsHash(fragmentTexts);
  const have = existsSync(stampPath) ? readFileSync(stampPath, "utf8").trim() : "";
  let removed = false;
  if (have !== want && existsSync(sdkconfigPath)) {
    rmSync(sdkconfigPath);
    removed = true;
  }
  writeFileSync(stampPath, `${want}\n`);
  return removed;
}
