// The generated mutants of `npm run test:mutation -- --generated` (generate.ts) and
// the tables beside them (coverage.ts, equivalent.ts) kept in step with module-src/mqtt.ts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../compiler/helpers.ts";
import { COVERAGE } from "./coverage.ts";
import { EQUIVALENT } from "./equivalent.ts";
import { applyGenerated, drawOrder, generateMutants } from "./generate.ts";
import { lineOf } from "./run-generated.ts";

const file = join(repoRoot, "module-src/mqtt.ts");
const source = readFileSync(file, "utf8");
const mutants = generateMutants(file);

describe("test/mutation/generate.ts", () => {
  it("makes mutants of every operator, with unique ids, each changing the source", () => {
    expect(new Set(mutants.map((m) => m.operator))).toEqual(new Set(["relational", "equality", "logical", "number", "boolean", "remove", "else", "swap"]));
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    for (const m of mutants) expect(applyGenerated(source, m), m.id).not.toBe(source);
  });

  it("is deterministic: the same source and seed give the same sample", () => {
    const again = generateMutants(file);
    expect(again.map((m) => m.id)).toEqual(mutants.map((m) => m.id));
    const a = drawOrder(mutants, 25).slice(0, 40).map((m) => m.id);
    expect(drawOrder(again, 25).slice(0, 40).map((m) => m.id)).toEqual(a);
    expect(drawOrder(mutants, 26).slice(0, 40).map((m) => m.id)).not.toEqual(a);
    expect(new Set(drawOrder(mutants, 25)).size).toBe(mutants.length);
  });

  it("examples: a boundary, a removed call, a dropped else, swapped arguments", () => {
    const at = (op: string, text: string) => mutants.find((m) => m.operator === op && lineOf(source, m).includes(text));
    expect(at("relational", "return qos >= 0 && qos <= 2;")?.replace).toMatch(/^(>|<)$/);
    expect(at("remove", "this.anchor = null;")?.replace).toBe("");
    expect(mutants.filter((m) => m.operator === "else").length).toBeGreaterThan(0);
    const swap = mutants.find((m) => m.operator === "swap")!;
    expect(applyGenerated(source, swap)).toContain(swap.replace);
  });
});

describe("test/mutation/coverage.ts and equivalent.ts", () => {
  const functions = new Set(mutants.map((m) => m.fn));

  it.each(Object.entries(COVERAGE))("%s is a function of mqtt.ts and its test files exist", (fn, files) => {
    expect(functions.has(fn), `${fn} not in ${[...functions].join(" ")}`).toBe(true);
    for (const f of files) expect(existsSync(join(repoRoot, f)), f).toBe(true);
  });

  it("every documented equivalent mutant is still made", () => {
    for (const e of EQUIVALENT) {
      const hit = mutants.some((m) => m.fn === e.fn && lineOf(source, m).trim() === e.line && m.original === e.original && m.replace === e.replace);
      expect(hit, `${e.fn}: ${e.line}`).toBe(true);
    }
  });
});
