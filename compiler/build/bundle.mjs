// Bundles the tsc2c CLI into one CommonJS file (build/tsc2c/tsc2c.cjs) so that the
// command starts like tsc does: plain `node`, no TypeScript loader, and ts-morph
// loaded through require() (an ESM import of it makes Node scan its 9 MB bundle).
// Run by `npm install` (prepare) and whenever the bin finds the bundle stale.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bundlePath = join(root, "build", "tsc2c", "tsc2c.cjs");

export async function bundle() {
  await build({
    entryPoints: [join(root, "compiler", "cli", "entry.ts")],
    outfile: bundlePath,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    // the sources are ES modules; in the bundle `import.meta` is unused (project.ts checks __filename first)
    define: { "import.meta.url": "undefined" },
    // V8's code cache for the TypeScript compiler ts-morph loads (9 MB of JavaScript): it is
    // parsed and compiled once, then read back on every run (code-cache.cjs says how)
    banner: { js: readFileSync(join(root, "compiler", "build", "code-cache.cjs"), "utf8") },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
