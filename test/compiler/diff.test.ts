/**
 * Differential tests: every program in test/compiler/diff/ runs under Node
 * (with the prelude's runtime, compiler/prelude/runtime.ts) and is compiled by
 * tsc2c and then by gcc (-Werror, and once more with UBSan) and clang; all
 * runs must print the same bytes.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { cCompilers, pool, repoRoot, run, strictFlags } from "./helpers.ts";

const dir = join(repoRoot, "test", "compiler", "diff");
const programs = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();

interface Build {
  name: string;
  flags: string[];
  cc: string;
}
/** Each program is built and run in these configurations. */
const builds: Build[] = [
  { name: "gcc -O2", cc: "gcc", flags: [...strictFlags, "-O2"] },
  { name: "gcc UBSan", cc: "gcc", flags: [...strictFlags, "-O1", "-fsanitize=undefined", "-fno-sanitize-recover=all"] },
  ...(cCompilers.includes("clang") ? [{ name: "clang -O2", cc: "clang", flags: [...strictFlags, "-O2"] }] : []),
  // clang's UBSan sees signed overflow gcc's misses (gcc narrows `(uint16_t)(x + C)` to unsigned arithmetic before
  // instrumenting it); without its runtime library (not in Debian's clang package), undefined behaviour traps
  ...(cCompilers.includes("clang") ? [{ name: "clang UBSan", cc: "clang", flags: [...strictFlags, "-O1", "-fsanitize=undefined", "-fsanitize-trap=undefined"] }] : []),
];

interface Outcome {
  node?: { out: string; error?: string };
  compileError?: string;
  c: Record<string, { out: string; error?: string }>;
}
const outcomes = new Map<string, Outcome>();
let work = "";

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tsc2c-diff-"));
  const files = programs.map((p) => join(dir, p));
  // Node: one process runs every program
  const nodeRun = run(process.execPath, ["--import", "tsx", join(repoRoot, "test", "compiler", "run-node.ts"), ...files], { timeout: 120_000 });

  // tsc2c in this process, then the C compilers and the binaries in parallel
  const jobs: { program: string; build: Build; c: string }[] = [];
  for (const p of programs) {
    const o: Outcome = { c: {} };
    outcomes.set(p, o);
    const cFile = join(work, p.replace(/\.ts$/, ".c"));
    const r = compile(join(dir, p), { outFile: cFile });
    if (r.c === undefined) {
      o.compileError = r.diagnostics.map((d) => formatDiagnostic(d, repoRoot)).join("\n");
      continue;
    }
    writeFileSync(cFile, r.c);
    for (const b of builds) jobs.push({ program: p, build: b, c: cFile });
  }
  await pool(jobs, 2, async ({ program, build, c }) => {
    const exe = c.replace(/\.c$/, `.${builds.indexOf(build)}.out`);
    const cc = await run(build.cc, [...build.flags, c, "-o", exe]);
    const o = outcomes.get(program)!;
    if (cc.code !== 0) {
      o.c[build.name] = { out: "", error: `${build.cc} failed:\n${cc.stderr}` };
      return;
    }
    const r = await run(exe, [], { encoding: "latin1", timeout: 20_000 });
    o.c[build.name] = { out: r.stdout, ...(r.code !== 0 || r.stderr ? { error: `exit ${r.code}\n${r.stderr}` } : {}) };
  });

  const node = await nodeRun;
  if (node.code !== 0) throw new Error(`the Node runner failed:\n${node.stderr}`);
  const results = JSON.parse(node.stdout) as Record<string, { out: string; error?: string }>;
  for (const [file, r] of Object.entries(results)) {
    const p = programs.find((x) => file.endsWith("/" + x))!;
    outcomes.get(p)!.node = { out: Buffer.from(r.out, "base64").toString("latin1"), ...(r.error ? { error: r.error } : {}) };
  }
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("differential: Node and C print the same", () => {
  it("has at least 30 programs", () => {
    expect(programs.length).toBeGreaterThanOrEqual(30);
  });

  for (const p of programs) {
    it(p, () => {
      const o = outcomes.get(p)!;
      expect(o.compileError, "tsc2c diagnostics").toBeUndefined();
      expect(o.node?.error, "Node run").toBeUndefined();
      expect(o.node?.out.length, "the program prints something").toBeGreaterThan(0);
      for (const b of builds) {
        const c = o.c[b.name]!;
        expect(c.error, b.name).toBeUndefined();
        expect(c.out, `${b.name} output vs Node output`).toBe(o.node!.out);
      }
    });
  }
});
