/**
 * Diagnostics tests: each fixture in test/compiler/fixtures/diagnostics holds
 * constructs outside the subset, marked `// expect: TSC2C####` on the line the
 * diagnostic must be reported at. `tsc2c check` runs in a child process (every
 * fixture through the CLI's main() in one process, a few through the `tsc2c`
 * bin as a user runs it) and must print exactly those located diagnostics
 * with their code frames, exit 1 and print no stack trace.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes } from "../../compiler/diagnostics/codes.ts";
import { compareDiagnostics, expectationsOf } from "./diagnostics-harness.ts";
import { pool, repoRoot, run, tsc2c, type RunResult } from "./helpers.ts";

const dir = join(repoRoot, "test", "compiler", "fixtures", "diagnostics");
const fixtures = readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
const rel = (f: string) => join("test", "compiler", "fixtures", "diagnostics", f);
const results = new Map<string, RunResult>();
/** Fixtures also run through the `tsc2c` bin itself, one process each. */
const viaBin = ["several_errors.ts", "eval.ts", "no_header.ts", "typescript_error.ts", "kconfig_placement.ts"];
const binResults = new Map<string, RunResult>();

beforeAll(async () => {
  // every fixture through the CLI's main() in one child process (see check-many.ts) ...
  const many = run(process.execPath, ["--import", "tsx", join(repoRoot, "test", "compiler", "check-many.ts"), ...fixtures.map(rel)], { timeout: 200_000 });
  // ... and a few through the installed bin, exactly as a user runs it
  const bin = await pool(viaBin, 2, (f) => tsc2c(["check", rel(f)]));
  viaBin.forEach((f, i) => binResults.set(f, bin[i]!));
  const r = await many;
  if (r.code !== 0) throw new Error(`check-many failed:\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as Record<string, RunResult>;
  for (const f of fixtures) results.set(f, parsed[rel(f)]!);
}, 240_000);

describe("tsc2c check reports every construct outside the subset", () => {
  for (const f of fixtures) {
    it(f, () => {
      const mismatches = compareDiagnostics(join(dir, f), results.get(f)!, repoRoot);
      expect(mismatches, results.get(f)!.stderr).toEqual([]);
    });
  }

  for (const f of viaBin) {
    it(`${f} through the tsc2c bin (a child process per run)`, () => {
      expect(compareDiagnostics(join(dir, f), binResults.get(f)!, repoRoot), binResults.get(f)!.stderr).toEqual([]);
      expect(binResults.get(f)!.stderr).toBe(results.get(f)!.stderr);
    });
  }

  it("covers the constructs the subset names, each with its own code", () => {
    const expected = new Set(fixtures.flatMap((f) => expectationsOf(join(dir, f)).map((e) => e.code)));
    const needed: (keyof typeof codes)[] = [
      "AnyType", "Eval", "TryCatch", "Generator", "Async", "ClassInheritance", "CapturingClosure", "ForIn", "ForOf",
      "DynamicProperty", "VarKeyword", "Delete", "Spread", "Destructuring", "OptionalChaining", "LabeledStatement",
      "TemplateString", "Regex", "TypeofInstanceof", "LooseEquality", "Namespace", "GetterSetter", "UnsupportedSyntax",
      "NonConstEnum", "ImplicitNarrowing", "IntegerDivision", "LiteralRange", "StructCopy", "KconfigPlacement",
      "KconfigName", "DeclaredWithoutHeader", "WideMultiply", "ArrayCopy", "TypeScriptError",
    ];
    for (const k of needed) expect(expected, k).toContain(`TSC2C${codes[k].code}`);
  });

  it("every code of compiler/diagnostics/codes.ts has a fixture (EntryNotFound: cli.test.ts, it has no file to mark)", () => {
    const expected = new Set(fixtures.flatMap((f) => expectationsOf(join(dir, f)).map((e) => e.code)));
    const missing = Object.entries(codes).filter(([k, c]) => k !== "EntryNotFound" && !expected.has(`TSC2C${c.code}`)).map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it("one file with several errors reports all of them", () => {
    const r = results.get("several_errors.ts")!;
    expect(r.code).toBe(1);
    expect(r.stderr.match(/: error TSC2C/g)?.length).toBe(7);
    expect(r.stderr).toMatch(/^7 errors$/m);
    expect(results.get("several_lowering_errors.ts")!.stderr.match(/: error TSC2C/g)?.length).toBe(4);
  });

  it("prints file(line,col): error TSC2C####: message and a code frame", () => {
    expect(results.get("eval.ts")!.stderr).toBe(
      "test/compiler/fixtures/diagnostics/eval.ts(2,3): error TSC2C2003: eval is not allowed\n" +
      "  |\n" +
      '2 |   eval("1 + 1"); // expect: TSC2C2003\n' +
      "  |   ~~~~~~~~~~~~~\n" +
      "\n" +
      "1 error\n",
    );
  });
});

describe("the harness itself", () => {
  let work = "";
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "tsc2c-harness-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("fails when an expected code is missing, or a reported one is not expected", async () => {
    // the eval fixture, with its expectation moved to the wrong code and one more expectation added
    const src = readFileSync(join(dir, "eval.ts"), "utf8")
      .replace("// expect: TSC2C2003", "// expect: TSC2C2004")
      .replace("export function f(): void {", "export function f(): void { // expect: TSC2C2010");
    const fixture = join(work, "wrong.ts");
    writeFileSync(fixture, src);
    const r = await tsc2c(["check", fixture], work);
    const mismatches = compareDiagnostics(fixture, r, work);
    expect(mismatches).toEqual([
      "missing: wrong.ts:1 TSC2C2010",
      "missing: wrong.ts:2 TSC2C2004",
      "unexpected: wrong.ts:2 TSC2C2003 eval is not allowed",
    ]);
  });

  it("fails when a diagnostic is on the right line but not at the column a mark gives (`TSC2C2003@3`)", () => {
    const fixture = join(work, "column.ts");
    writeFileSync(fixture, readFileSync(join(dir, "eval.ts"), "utf8").replace("// expect: TSC2C2003", "// expect: TSC2C2003@5"));
    const good = results.get("eval.ts")!;
    const moved = { ...good, stderr: good.stderr.split("test/compiler/fixtures/diagnostics/eval.ts").join("column.ts") };
    // (the code frame quotes the original line, so only the column verdicts are compared here)
    const columnVerdicts = () => compareDiagnostics(fixture, moved, work).filter((m) => m.startsWith("wrong column"));
    expect(columnVerdicts()).toEqual(["wrong column: column.ts:2 TSC2C2003 expected at column 5"]);
    writeFileSync(fixture, readFileSync(join(dir, "eval.ts"), "utf8").replace("// expect: TSC2C2003", "// expect: TSC2C2003@3"));
    expect(columnVerdicts()).toEqual([]);
  });

  it("fails when a fixture that expects errors compiles cleanly", async () => {
    const fixture = join(work, "clean.ts");
    writeFileSync(fixture, "export function f(x: int): int { // expect: TSC2C2002\n  return x;\n}\n");
    const r = await tsc2c(["check", fixture], work);
    expect(r.code).toBe(0);
    expect(compareDiagnostics(fixture, r, work)).toEqual(["exit code 0, expected 1", "missing: clean.ts:1 TSC2C2002"]);
  });

  it("fails on a stack trace or output that is not a diagnostic", () => {
    const fixture = join(dir, "eval.ts");
    const good = results.get("eval.ts")!;
    const crashed = { ...good, stderr: good.stderr + "TypeError: boom\n    at lower (/x/lower.ts:1:2)\n" };
    const mismatches = compareDiagnostics(fixture, crashed, repoRoot);
    expect(mismatches).toContain("a stack trace or internal error was printed");
    expect(mismatches).toContain("unexpected output: TypeError: boom");
  });

  it("a copied fixture still passes (the comparison is not tied to the fixture's place)", async () => {
    const fixture = join(work, "var.ts");
    copyFileSync(join(dir, "var.ts"), fixture);
    const r = await tsc2c(["check", fixture], work);
    expect(compareDiagnostics(fixture, r, work)).toEqual([]);
  });
});
