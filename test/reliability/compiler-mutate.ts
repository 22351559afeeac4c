/**
 * Child process of the compiler mutation tests: mutates TypeScript inputs
 * (module-src/mqtt.ts, module-src/examples/emitter.ts, test/compiler/diff/*.ts)
 * by deleting, duplicating, swapping or replacing tokens and lines, and runs
 * tsc2c's compile() (what `tsc2c check` runs) on each mutant.
 *
 *   node --import tsx test/reliability/compiler-mutate.ts <seed> <count> <outDir>
 *
 * One JSON line per mutant on stdout: {i, file, outcome: "c" | "diagnostics" |
 * "crash" | "unlocated", detail}. A "start <i>" line precedes each, so a hang
 * is attributable. Mutants that crash or give an unlocated diagnostic are
 * saved to <outDir>/<kind>-<i>.ts (beside copies of what they import).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [seedArg, countArg, outDir] = process.argv.slice(2);
const seed = Number(seedArg ?? 1), count = Number(countArg ?? 50);
const work = path.resolve(outDir ?? "/tmp/tsc2c-mutants");

// the inputs, each with a place in the work tree where its imports resolve
mkdirSync(work, { recursive: true });
cpSync(path.join(root, "module-src"), path.join(work, "module-src"), { recursive: true });
cpSync(path.join(root, "test/compiler/fixtures/decl"), path.join(work, "fixtures/decl"), { recursive: true });
mkdirSync(path.join(work, "diff"), { recursive: true });
const corpus: Array<{ name: string; text: string; dir: string }> = [
  { name: "module-src/mqtt.ts", text: readFileSync(path.join(root, "module-src/mqtt.ts"), "utf8"), dir: path.join(work, "module-src") },
  { name: "module-src/examples/emitter.ts", text: readFileSync(path.join(root, "module-src/examples/emitter.ts"), "utf8"), dir: path.join(work, "module-src/examples") },
];
for (const f of readdirSync(path.join(root, "test/compiler/diff")).filter((f) => f.endsWith(".ts")).sort()) {
  corpus.push({ name: `test/compiler/diff/${f}`, text: readFileSync(path.join(root, "test/compiler/diff", f), "utf8"), dir: path.join(work, "diff") });
}

let s = (seed >>> 0) || 1;
const rnd = (n: number) => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return s % n;
};

function mutate(text: string): { text: string; ops: string[] } {
  const ops: string[] = [];
  const times = 1 + rnd(3);
  for (let k = 0; k < times; k++) {
    const op = rnd(7);
    if (op < 4) {
      const toks = text.match(/[A-Za-z_$][\w$]*|\d+|\s+|"(?:[^"\\\n]|\\.)*"|./g) ?? [];
      const idx = toks.map((t, i) => (/^\s+$/.test(t) ? -1 : i)).filter((i) => i >= 0);
      if (!idx.length) continue;
      const i = idx[rnd(idx.length)]!;
      if (op === 0) { ops.push(`delete token ${JSON.stringify(toks[i])}`); toks.splice(i, 1); }
      else if (op === 1) { ops.push(`duplicate token ${JSON.stringify(toks[i])}`); toks.splice(i, 0, toks[i]!); }
      else if (op === 2) {
        const j = idx[Math.min(idx.length - 1, idx.indexOf(i) + 1)]!;
        ops.push(`swap tokens ${JSON.stringify(toks[i])} ${JSON.stringify(toks[j])}`);
        [toks[i], toks[j]] = [toks[j]!, toks[i]!];
      } else {
        const r = toks[idx[rnd(idx.length)]!]!;
        ops.push(`replace token ${JSON.stringify(toks[i])} by ${JSON.stringify(r)}`);
        toks[i] = r;
      }
      text = toks.join("");
    } else {
      const lines = text.split("\n");
      const i = rnd(lines.length);
      if (op === 4) { ops.push(`delete line ${i + 1}`); lines.splice(i, 1); }
      else if (op === 5) { ops.push(`duplicate line ${i + 1}`); lines.splice(i, 0, lines[i]!); }
      else { const j = rnd(lines.length); ops.push(`swap lines ${i + 1} ${j + 1}`); [lines[i], lines[j]] = [lines[j]!, lines[i]!]; }
      text = lines.join("\n");
    }
  }
  return { text, ops };
}

const located = /^(.+)\((\d+),(\d+)\): error TSC2C\d{4}: /;

for (let i = 0; i < count; i++) {
  const src = corpus[rnd(corpus.length)]!;
  const { text, ops } = mutate(src.text);
  const file = path.join(src.dir, "mutant.ts");
  writeFileSync(file, text);
  process.stdout.write(`start ${i}\n`);
  let outcome: string, detail = "";
  try {
    const r = compile(file, {});
    if (r.diagnostics.length === 0) {
      outcome = r.c !== undefined ? "c" : "unlocated";
      if (outcome === "unlocated") detail = "no C and no diagnostic";
    } else {
      outcome = "diagnostics";
      const lineCount = text.split("\n").length + 1;
      for (const d of r.diagnostics) {
        const head = formatDiagnostic(d, root, d.file === file ? text : undefined).split("\n")[0]!;
        const m = located.exec(head);
        const inRange = d.line >= 1 && d.column >= 1 && (d.file !== file || d.line <= lineCount);
        if (!m || !inRange || !Number.isFinite(d.line)) { outcome = "unlocated"; detail = head; break; }
      }
      if (outcome === "diagnostics") detail = formatDiagnostic(r.diagnostics[0]!, root, text).split("\n")[0]!;
    }
  } catch (e) {
    outcome = "crash";
    detail = (e as Error).stack ?? String(e);
  }
  if (outcome === "crash" || outcome === "unlocated") {
    writeFileSync(path.join(src.dir, `${outcome}-${seed}-${i}.ts`), text);
  }
  process.stdout.write(JSON.stringify({ i, file: src.name, ops, outcome, detail }) + "\n");
}
