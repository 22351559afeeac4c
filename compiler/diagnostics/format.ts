import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Diagnostic } from "./diagnostic.ts";

/** `file(line,col): error TSC2C####: message` followed by a code frame. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd(), source?: string): string {
  const head = `${relative(cwd, d.file) || d.file}(${d.line},${d.column}): error TSC2C${d.code}: ${d.message}`;
  let text = source;
  if (text === undefined) {
    try {
      text = readFileSync(d.file, "utf8");
    } catch {
      return head;
    }
  }
  const lines = text.split("\n");
  const src = lines[d.line - 1];
  if (src === undefined) return head;
  const gutter = String(d.line).length;
  const pad = " ".repeat(gutter);
  const caret = " ".repeat(d.column - 1) + "~".repeat(Math.max(1, Math.min(d.length, src.length - d.column + 1)));
  return `${head}\n${pad} |\n${d.line} | ${src.replace(/\r$/, "")}\n${pad} | ${caret}\n`;
}
