#!/usr/bin/env node
// The tsc2c command. Runs the bundled CLI (build/tsc2c/tsc2c.cjs) when it is newer than
// every compiler file, else rebuilds it first; falls back to the TypeScript sources
// through tsx if bundling is impossible.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const compilerDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundlePath = join(compilerDir, "..", "build", "tsc2c", "tsc2c.cjs");

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    // the sources, and the build's own files (bundle.mjs, and code-cache.cjs, which it prepends)
    else if (/\.(ts|cjs|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= newestSource(compilerDir);
let useBundle = fresh;
if (!fresh) {
  try {
    await (await import("../build/bundle.mjs")).bundle();
    useBundle = true;
  } catch {
    useBundle = false;
  }
}
if (useBundle) {
  createRequire(import.meta.url)(bundlePath);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./entry.ts");
}
