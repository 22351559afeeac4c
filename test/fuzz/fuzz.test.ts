/**
 * The program generator in `npm test`: a fixed small set (seed 1, programs 0-7: six core
 * programs, two binding modules) must keep tsc2c's contract, and the checks must be able
 * to fail: a program that overflows without a conversion (C and Node part) and a binding
 * driver that expects a wrong result are both reported. The long runs are
 * `npm run fuzz -- --count N --seed S` (docs/testing.md).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, run } from "../compiler/helpers.ts";
import { fuzz } from "./main.ts";
import { checkBinding, checkCore, type Outcome, type Program } from "./run.ts";

mkdirSync(join(repoRoot, "build", "fuzz"), { recursive: true });
// as deep under the root as the fuzzer's own folders: generated imports resolve the same
const dir = mkdtempSync(join(repoRoot, "build", "fuzz", "test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the program generator", () => {
  it("seed 1, programs 0-7: every program compiles clean and runs as Node does, or is refused with a located diagnostic", async () => {
    const outcomes: Outcome[] = [];
    await fuzz(1, [0, 1, 2, 3, 4, 5, 6, 7], { jobs: 2, batch: 8 }, (_p, o) => outcomes.push(o));
    expect(outcomes.filter((o) => o.failure).map((o) => `${o.index}: ${o.failure}`)).toEqual([]);
    expect(outcomes.filter((o) => !o.refused).length, "most programs are accepted and checked").toBeGreaterThanOrEqual(5);
    expect(outcomes.filter((o) => o.kind === "binding").length).toBe(2);
  }, 240_000);

  it("reports a core program whose C and Node runs part", async () => {
    const p: Program = {
      index: 0, kind: "core",
      ts: `import { printf } from "../../../test/compiler/fixtures/decl/stdio.js";\nexport function main(): void {\n  let x: int = 2147483647;\n  x = x + 1;\n  printf("%d\\n", x);\n}\n`,
    };
    const [o] = await checkCore([p], dir);
    expect(o!.failure).toMatch(/runtime error|printed something else/);
  }, 120_000);

  it("reports a binding module whose Lua driver sees a wrong result", async () => {
    const p: Program = {
      index: 1, kind: "binding", module: "fzbad",
      ts: "/** @luaModule fzbad */\nexport function twice(a: int): int {\n  return int32(a + a);\n}\n",
      lua: 'print((fzbad.twice(2) == 5 and "ok " or "FAIL ") .. "twice")\nprint("done")\n',
    };
    const [o] = await checkBinding([p], dir);
    expect(o!.failure).toMatch(/FAIL twice/);
  }, 180_000);

  it("npm run fuzz ends with the summary line", async () => {
    const r = await run(process.execPath, ["--import", "tsx", join(repoRoot, "test", "fuzz", "main.ts"), "--count", "1", "--seed", "1"], { timeout: 120_000 });
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("fuzz: 1 programs, 0 failures");
    expect(r.code).toBe(0);
  }, 120_000);
});
