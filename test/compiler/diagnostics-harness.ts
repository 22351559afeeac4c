/**
 * The diagnostics harness: a fixture marks each expected diagnostic with a
 * trailing `// expect: TSC2C2004` comment on the line it must be reported at
 * (several codes: `// expect: TSC2C2004 TSC2C2016`). Declaration files the
 * fixture imports may carry their own expectations. `compareDiagnostics`
 * checks what `tsc2c check` printed against those marks and returns every
 * mismatch; an empty list means the run is exactly as expected.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { RunResult } from "./helpers.ts";

export interface Expected {
  file: string; // absolute
  line: number;
  code: string; // "TSC2C2004"
  /** `TSC2C3004@3`: the diagnostic must also be at this column */
  column?: number;
}

export interface Reported extends Expected {
  column: number;
  message: string;
}

const expectMark = /\/\/\s*expect:\s*((?:TSC2C\d{4}(?:@\d+)?[\s,]*)+)/;

/** The expectations of one file. */
export function expectationsIn(file: string, source = readFileSync(file, "utf8")): Expected[] {
  const out: Expected[] = [];
  source.split("\n").forEach((text, i) => {
    const m = expectMark.exec(text);
    if (!m) return;
    for (const c of m[1]!.matchAll(/(TSC2C\d{4})(?:@(\d+))?/g)) out.push({ file, line: i + 1, code: c[1]!, ...(c[2] ? { column: Number(c[2]) } : {}) });
  });
  return out;
}

/** The fixture's expectations and those of the local files it imports. */
export function expectationsOf(fixture: string): Expected[] {
  const source = readFileSync(fixture, "utf8");
  const out = expectationsIn(fixture, source);
  for (const m of source.matchAll(/from\s+"(\.[^"]+)"/g)) {
    const base = resolve(dirname(fixture), m[1]!).replace(/\.(js|ts)$/, "");
    for (const candidate of [`${base}.d.ts`, `${base}.ts`]) {
      if (existsSync(candidate)) {
        out.push(...expectationsIn(candidate));
        break;
      }
    }
  }
  return out;
}

const header = /^(.+)\((\d+),(\d+)\): error (TSC2C\d{4}): (.+)$/;

/**
 * Parses `tsc2c check` output into diagnostics; `problems` collects every
 * line that is neither a diagnostic, its code frame, nor the final count.
 */
export function parseOutput(stderr: string, cwd: string): { reported: Reported[]; problems: string[] } {
  const reported: Reported[] = [];
  const problems: string[] = [];
  const lines = stderr.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const m = header.exec(text);
    if (m) {
      const d: Reported = { file: resolve(cwd, m[1]!), line: Number(m[2]), column: Number(m[3]), code: m[4]!, message: m[5]! };
      reported.push(d);
      // the code frame: a gutter line, the source line, the underline under the column
      const gutter = " ".repeat(String(d.line).length);
      const src = existsSync(d.file) ? readFileSync(d.file, "utf8").split("\n")[d.line - 1] : undefined;
      const frame = [lines[i + 1], lines[i + 2], lines[i + 3]];
      if (frame[0] !== `${gutter} |`) problems.push(`no code frame after: ${text}`);
      else if (src !== undefined && frame[1] !== `${d.line} | ${src}`) problems.push(`code frame shows the wrong line for: ${text}`);
      else if (!new RegExp(`^${gutter} \\| {${d.column}}~+$`).test(frame[2] ?? "")) problems.push(`code frame underline is not at column ${d.column}: ${text}`);
      else i += 3;
      continue;
    }
    if (text === "" || /^\d+ errors?$/.test(text)) continue;
    problems.push(`unexpected output: ${text}`);
  }
  return { reported, problems };
}

const show = (e: Expected, cwd: string) => `${relative(cwd, e.file)}:${e.line} ${e.code}`;

/** Every way a `tsc2c check` run differs from the fixture's expectations. */
export function compareDiagnostics(fixture: string, result: RunResult, cwd: string): string[] {
  const mismatches: string[] = [];
  const expected = expectationsOf(fixture);
  const { reported, problems } = parseOutput(result.stderr, cwd);
  mismatches.push(...problems);
  if (/\n\s+at .+[:(]\d+:\d+\)?$/m.test(result.stderr) || /internal error/.test(result.stderr)) mismatches.push("a stack trace or internal error was printed");
  if (expected.length && result.code !== 1) mismatches.push(`exit code ${result.code}, expected 1`);
  if (!expected.length && result.code !== 0) mismatches.push(`exit code ${result.code}, expected 0`);
  if (result.stdout !== "") mismatches.push(`unexpected stdout: ${result.stdout}`);
  const count = /^(\d+) errors?$/m.exec(result.stderr);
  if (reported.length && Number(count?.[1]) !== reported.length) mismatches.push(`the final count does not say ${reported.length} error(s)`);

  const key = (e: Expected) => `${e.file}:${e.line}:${e.code}`;
  const left = new Map<string, number>();
  for (const r of reported) left.set(key(r), (left.get(key(r)) ?? 0) + 1);
  for (const e of expected) {
    const n = left.get(key(e)) ?? 0;
    if (n === 0) mismatches.push(`missing: ${show(e, cwd)}`);
    else left.set(key(e), n - 1);
  }
  for (const e of expected) {
    if (e.column !== undefined && reported.some((r) => key(r) === key(e)) && !reported.some((r) => key(r) === key(e) && r.column === e.column)) {
      mismatches.push(`wrong column: ${show(e, cwd)} expected at column ${e.column}`);
    }
  }
  for (const r of reported) {
    const n = left.get(key(r)) ?? 0;
    if (n > 0) {
      mismatches.push(`unexpected: ${show(r, cwd)} ${r.message}`);
      left.set(key(r), n - 1);
    }
  }
  return mismatches;
}
