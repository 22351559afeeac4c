// The feature list that `npm run bench:features` prices (bench/features.ts) must
// follow module-src/mqtt.ts: every edit applies exactly once and every variant
// still compiles, so a changed module cannot leave a stale or broken figure.
import { mkdtempSync, cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { FEATURES, applyFeatureEdits, withoutAll } from "../../bench/features.ts";
import { repoRoot } from "../compiler/helpers.ts";

const original = readFileSync(join(repoRoot, "module-src/mqtt.ts"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "features-test-"));
cpSync(join(repoRoot, "module-src/decl"), join(dir, "decl"), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("bench/features.ts", () => {
  it("applyFeatureEdits refuses a text that is missing or not unique", () => {
    const f = (find: string) => ({ id: "t", buys: "", edits: [{ find, replace: "" }] });
    expect(() => applyFeatureEdits("a b a", f("a"))).toThrow(/exactly once/);
    expect(() => applyFeatureEdits("a b", f("c"))).toThrow(/exactly once/);
    expect(applyFeatureEdits("a b", { id: "t", buys: "", edits: [{ from: "a", to: "b", replace: "x" }] })).toBe("x");
  });

  const variants: [string, () => string][] = [
    ...FEATURES.map((f): [string, () => string] => [f.id, () => applyFeatureEdits(original, f)]),
    ["all of them", () => withoutAll(original)],
  ];
  for (const [id, make] of variants) {
    it(`${id}: the edits apply to mqtt.ts and the rest compiles`, () => {
      const variant = make();
      expect(variant).not.toBe(original);
      const source = join(dir, `${id.replace(/ /g, "-")}.ts`);
      writeFileSync(source, variant);
      const r = compile(source, { outFile: source.replace(/\.ts$/, ".c") });
      expect(r.diagnostics.map((d) => d.message)).toEqual([]);
      expect(r.c).toBeDefined();
    }, 60_000);
  }
});
