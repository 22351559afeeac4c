// The bundled CLI's code cache (compiler/build/code-cache.cjs), on a copy of the bundle in a
// folder of its own: the first run writes an entry per dependency, a later run reads them
// without writing, a corrupt entry is rejected and rewritten, and a cache that cannot be
// written costs nothing but time. The output is the same every time.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, bundlePath } from "../../compiler/build/bundle.mjs";
import { repoRoot, run } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "code-cache-"));
const cli = join(root, "build", "tsc2c", "tsc2c.cjs");
const cacheDir = join(root, "build", "tsc2c", ".code-cache");
const checkMqtt = () => run(process.execPath, [cli, "check", join(repoRoot, "module-src", "mqtt.ts")], { timeout: 60_000 });
const typescriptEntry = () => readdirSync(cacheDir).find((f) => /_typescript\.js\.\d+\.\d+$/.test(f));

beforeAll(async () => {
  // the bundle under test carries the current code-cache.cjs
  const cacheCode = readFileSync(join(repoRoot, "compiler", "build", "code-cache.cjs"), "utf8");
  if (!existsSync(bundlePath) || !readFileSync(bundlePath, "utf8").startsWith(cacheCode)) await bundle();
  mkdirSync(join(root, "build", "tsc2c"), { recursive: true });
  mkdirSync(join(root, "compiler"));
  copyFileSync(bundlePath, cli);
  // the copy finds its dependencies and the prelude as the real bundle does
  symlinkSync(join(repoRoot, "node_modules"), join(root, "node_modules"));
  symlinkSync(join(repoRoot, "compiler", "prelude"), join(root, "compiler", "prelude"));
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the tsc2c bundle's code cache", () => {
  it("the first run writes an entry per dependency it compiled, TypeScript's among them", async () => {
    const r = await checkMqtt();
    expect(r.code, r.stderr).toBe(0);
    expect(typescriptEntry()).toBeDefined();
    expect(statSync(join(cacheDir, typescriptEntry()!)).size).toBeGreaterThan(100_000);
  });

  it("a later run reads the entries and writes nothing", async () => {
    const entry = join(cacheDir, typescriptEntry()!);
    const before = statSync(entry).mtimeMs;
    const r = await checkMqtt();
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(entry).mtimeMs).toBe(before);
  });

  it("a corrupt entry is rejected, the file compiled as usual and the entry rewritten", async () => {
    const entry = join(cacheDir, typescriptEntry()!);
    writeFileSync(entry, "not V8's cached data");
    const r = await checkMqtt();
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(entry).length).toBeGreaterThan(100_000);
  });

  it("a cache folder that cannot be made only costs time", async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    writeFileSync(cacheDir, "a file where the folder would be");
    const r = await checkMqtt();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
  });
});
