// The mutants of `npm run test:mutation` must follow module-src/mqtt.ts: each find text
// occurs exactly once, so a changed module cannot leave mutants that the long run would
// only report as errors (the run applies them with the same applyMutant()).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MUTANTS, applyMutant } from "./mutants.ts";
import { repoRoot } from "../compiler/helpers.ts";

const source = readFileSync(join(repoRoot, "module-src/mqtt.ts"), "utf8");

describe("test/mutation/mutants.ts", () => {
  it.each(MUTANTS.map((m) => [m.id, m] as const))("%s applies to mqtt.ts exactly once", (_id, m) => {
    const mutated = applyMutant(source, m);
    expect(mutated).not.toBe(source);
  });

  it("ids are unique", () => {
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
  });
});
