import { Node } from "ts-morph";
import { codes, type DiagnosticKind } from "./codes.ts";

/** A located compiler message. `file` is absolute; line and column are 1-based. */
export interface Diagnostic {
  code: number;
  kind: DiagnosticKind;
  message: string;
  file: string;
  line: number;
  column: number;
  /** length of the offending source span, for the code frame underline */
  length: number;
}

function fill(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? "");
}

export function diagnosticAt(node: Node, kind: DiagnosticKind, ...args: string[]): Diagnostic {
  const sf = node.getSourceFile();
  const start = node.getStart();
  const { line, column } = sf.getLineAndColumnAtPos(start);
  return {
    code: codes[kind].code,
    kind,
    message: fill(codes[kind].message, args),
    file: sf.getFilePath(),
    line,
    column,
    length: Math.max(1, Math.min(node.getEnd(), sf.getFullText().indexOf("\n", start) >>> 0) - start),
  };
}

export function diagnosticInFile(file: string, line: number, column: number, kind: DiagnosticKind, ...args: string[]): Diagnostic {
  return { code: codes[kind].code, kind, message: fill(codes[kind].message, args), file, line, column, length: 1 };
}

/** Thrown only inside the lowering when a construct cannot continue; caught per declaration. */
export class CompileError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Collects diagnostics, one per location and code, in source order. */
export class DiagnosticBag {
  private readonly items = new Map<string, Diagnostic>();

  add(d: Diagnostic): void {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}`;
    if (!this.items.has(key)) this.items.set(key, d);
  }

  get all(): Diagnostic[] {
    return [...this.items.values()].sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code - b.code,
    );
  }

  get size(): number {
    return this.items.size;
  }
}
