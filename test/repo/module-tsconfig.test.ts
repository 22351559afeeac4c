// Module authors' editor setup: plain `tsc --noEmit` on module-src/ (module-src/tsconfig.json,
// which extends compiler/prelude/module.tsconfig.json) checks every module source with tsc2c's
// options and prelude, as VS Code does, with no "Cannot find name 'uint32'".
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, run } from "../compiler/helpers.ts";

const tscJs = join(repoRoot, "node_modules/typescript/lib/tsc.js");
const tsc = (...args: string[]) => run(process.execPath, [tscJs, ...args], { timeout: 120_000 });

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)))
    .sort();
}

describe("module-src/tsconfig.json", () => {
  it("plain tsc --noEmit type-checks module-src with no error", async () => {
    const r = await tsc("--noEmit", "-p", "module-src");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("covers every .ts file under module-src, and the prelude", async () => {
    const r = await tsc("-p", "module-src", "--listFilesOnly");
    expect(r.code, r.stderr).toBe(0);
    const listed = r.stdout.split("\n").filter((f) => f && !f.includes("node_modules")).map((f) => relative(repoRoot, f)).sort();
    expect(listed).toEqual([...tsFiles(join(repoRoot, "module-src")), "compiler/prelude/c.d.ts", "compiler/prelude/lua.d.ts"].sort());
  });
});
