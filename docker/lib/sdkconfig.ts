// sdkconfig fragments: which files a variant is built from, and how ESP-IDF
// combines them (so tests can check the combined result).
//
// ESP-IDF takes SDKCONFIG_DEFAULTS as a list of files and applies them in order,
// a later file overriding an earlier one for the same option; `# CONFIG_X is not
// set` is the way to say n. mergeFragments() does the same on text.

import { NODEMCU_DIR } from "./pins.ts";
import type { Variant } from "./variant.ts";

/** Repository-relative fragment files for a variant, in the order ESP-IDF applies them. */
export function fragmentFiles(v: Variant): string[] {
  return [
    `${NODEMCU_DIR}/sdkconfig.defaults`, // upstream's own defaults come first
    "firmware-config/common.defaults",
    v.app === "unity" ? "test/target/sdkconfig.unity.defaults" : "firmware-config/app-firmware.defaults",
    `firmware-config/lua-${v.lua}.defaults`,
    `firmware-config/profile-${v.profile}.defaults`,
    `firmware-config/mqtt-${v.protocol}.defaults`,
  ];
}

/** Option value after merging: a string for y/n/numbers/strings as written (quotes kept). */
export type SdkconfigValues = Map<string, string>;

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/;
const UNSET = /^#\s*(CONFIG_[A-Za-z0-9_]+) is not set\s*$/;

/** Parse one fragment; unknown lines (comments, blanks) are ignored like ESP-IDF does. */
export function parseFragment(text: string): SdkconfigValues {
  const out: SdkconfigValues = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const set = SET.exec(line);
    if (set) {
      out.set(set[1]!, set[2]!);
      continue;
    }
    const unset = UNSET.exec(line);
    if (unset) out.set(unset[1]!, "n");
  }
  return out;
}

/** Apply fragments in order; the last one to name an option wins. */
export function mergeFragments(texts: readonly string[]): SdkconfigValues {
  const out: SdkconfigValues = new Map();
  for (const text of texts) {
    for (const [key, value] of parseFragment(text)) out.set(key, value);
  }
  return out;
}
