// Which files make up a nodemcu-host binary, and which files its build
// depends on (for the cache key).
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface SourceSet {
  /** C files handed to gcc */
  sources: string[];
  /** headers whose content must be part of the cache key */
  headers: string[];
  /** -I directories, in order (the build dir with sdkconfig.h is added by build.ts) */
  includeDirs: string[];
}

function listFiles(dir: string, keep: (name: string) => boolean, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (recursive) out.push(...listFiles(path, keep, true));
    } else if (keep(name)) out.push(path);
  }
  return out;
}

const isC = (n: string) => n.endsWith(".c");
const isH = (n: string) => n.endsWith(".h");

/**
 * host/platform/*.c always; with mqtt, the esp-mqtt port (host/esp-mqtt/*.c,
 * whatever is there) and components/modules/mqtt.c when it exists; then
 * every --with file.
 */
export function collectSources(root: string, withFiles: string[], mqtt: boolean, mqttModule?: string): SourceSet {
  const sources = listFiles(join(root, "host/platform"), isC, false);
  const headers = [
    ...listFiles(join(root, "host/include"), isH, true),
    ...listFiles(join(root, "host/platform"), isH, false),
  ];
  if (mqtt) {
    sources.push(...listFiles(join(root, "host/esp-mqtt"), isC, false));
    headers.push(...listFiles(join(root, "host/esp-mqtt"), isH, true));
    const module = mqttModule ?? join(root, "components/modules/mqtt.c");
    if (existsSync(module)) sources.push(module);
    headers.push(...listFiles(join(root, "components/modules"), isH, false));
  }
  for (const file of withFiles) {
    const path = resolve(file);
    if (!existsSync(path)) throw new Error(`--with: no such file: ${file}`);
    sources.push(path);
    headers.push(...listFiles(dirname(path), isH, false));
  }
  return {
    sources,
    headers: [...new Set(headers)],
    includeDirs: [join(root, "host/include")],
  };
}
