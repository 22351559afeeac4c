// `npm run check:gen` on a temporary copy of the repository's sources: it passes on
// fresh outputs, and fails (naming the file) when a doc comment, an example or a
// generated file changed without `npm run gen`; `npm run gen` makes it pass again.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, run } from "../compiler/helpers.ts";

const copy = mkdtempSync(join(tmpdir(), "check-gen-"));
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
const script = (name: string) => run(tsx, [join(repoRoot, "compiler", "cli", name)], { cwd: copy, timeout: 120_000 });
const checkGen = () => script("check-gen.ts");

/** (Re)makes the copy: the sources check:gen reads and the files it compares. */
function copySources(): void {
  for (const dir of ["module-src", "examples", "types", "docs", "components/modules"]) {
    rmSync(join(copy, dir), { recursive: true, force: true });
    cpSync(join(repoRoot, dir), join(copy, dir), { recursive: true });
  }
}
beforeAll(copySources);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function edit(file: string, from: string, to: string): void {
  const path = join(copy, file);
  const old = readFileSync(path, "utf8");
  expect(old, `${file} contains ${from}`).toContain(from);
  writeFileSync(path, old.replace(from, to));
}

describe("npm run check:gen on a copy", () => {
  it("passes when every generated file is fresh", async () => {
    const r = await checkGen();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const f of ["components/modules/mqtt.c", "types/mqtt.lua", "docs/mqtt-api.md", "types/emitter.lua", "docs/emitter-api.md", "types/struct.lua", "docs/struct-api.md"]) {
      expect(r.stdout).toContain(`check:gen: ${f} is up to date`);
    }
  }, 180_000);

  it.each([
    // the description also heads the C function in mqtt.c (the glue carries doc comments over)
    ["a method's description", "module-src/mqtt.ts", "Publishes a message.", "Publishes one message.", ["components/modules/mqtt.c", "types/mqtt.lua", "docs/mqtt-api.md"]],
    ["a @param description", "module-src/examples/emitter.ts", "@param n how many events", "@param n how many events to fire", ["types/emitter.lua", "docs/emitter-api.md"]],
    ["an @event tag", "module-src/mqtt.ts", "@event overflow", "@event overflowing", ["types/mqtt.lua", "docs/mqtt-api.md"]],
    ["an example file", "examples/mqtt/close.lua", "--> again: false", "--> again: nil", ["docs/mqtt-api.md"]],
    ["a hand edit of a stub", "types/emitter.lua", "---@meta emitter", "---@meta emitter2", ["types/emitter.lua"]],
    ["a hand edit of a page", "docs/mqtt-api.md", "#### Syntax", "### Syntax", ["docs/mqtt-api.md"]],
  ] as const)("fails on %s, naming the stale files", async (_, file, from, to, stale) => {
    edit(file, from, to);
    try {
      const r = await checkGen();
      expect(r.code).toBe(1);
      for (const f of stale) expect(r.stderr).toContain(`check:gen: ${f} is stale or was edited by hand: run npm run gen`);
      expect(r.stderr.match(/is stale/g)?.length).toBe(stale.length);
    } finally {
      copySources();
    }
  }, 300_000);

  it("npm run gen rewrites exactly the stale files, after which check:gen passes", async () => {
    edit("module-src/examples/emitter.ts", "@returns the step now", "@returns the new step");
    try {
      const gen = await script("gen.ts");
      expect(gen.stderr).toBe("");
      expect(gen.code).toBe(0);
      expect(gen.stdout.split("\n").filter(Boolean).sort()).toEqual(["gen: wrote docs/emitter-api.md", "gen: wrote types/emitter.lua"]);
      expect((await checkGen()).code).toBe(0);
    } finally {
      copySources();
    }
  }, 300_000);
});
