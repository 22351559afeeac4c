import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Project, ts, type SourceFile } from "ts-morph";
import { DiagnosticBag, diagnosticInFile } from "../diagnostics/diagnostic.ts";

/** compiler/prelude, found from this file (compiler/load/) or from the bundled CLI (build/tsc2c/). */
const here = dirname(typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url));
const preludeDir = [join(here, "..", "prelude"), join(here, "..", "..", "compiler", "prelude")].find((d) => existsSync(join(d, "c.d.ts")))!;
export const preludeFiles = ["c.d.ts", "lua.d.ts"].map((f) => join(preludeDir, f));

export interface LoadedProgram {
  project: Project;
  entry: SourceFile;
  /** every file of the program in a stable order: the entry's imports first, the entry last */
  sources: SourceFile[];
}

/** The strict options every program is checked with. No DOM, no Node types: only the prelude. */
const compilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  lib: ["lib.es2022.d.ts"],
  types: [],
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  experimentalDecorators: false,
  // TypeScript's own lib files are not re-checked on every build; the program's .d.ts files are
  skipDefaultLibCheck: true,
};

/** Loads a program; TypeScript's own errors come first and stop the pipeline. */
export function loadProgram(entryPath: string, bag: DiagnosticBag): LoadedProgram | undefined {
  const abs = resolve(entryPath);
  if (!existsSync(abs)) {
    bag.add(diagnosticInFile(abs, 1, 1, "EntryNotFound", entryPath));
    return undefined;
  }
  const project = new Project({ compilerOptions, skipAddingFilesFromTsConfig: true });
  for (const p of preludeFiles) project.addSourceFileAtPath(p);
  const entry = project.addSourceFileAtPath(abs);
  project.resolveSourceFileDependencies();

  for (const d of project.getPreEmitDiagnostics()) {
    if (d.getCategory() !== ts.DiagnosticCategory.Error) continue;
    const sf = d.getSourceFile();
    const file = sf?.getFilePath() ?? abs;
    const start = d.getStart() ?? 0;
    const pos = sf ? sf.getLineAndColumnAtPos(start) : { line: 1, column: 1 };
    const text = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ");
    bag.add({ ...diagnosticInFile(file, pos.line, pos.column, "TypeScriptError", `TS${d.getCode()}: ${text}`), length: d.getLength() ?? 1 });
  }
  if (bag.size) return undefined;

  return { project, entry, sources: orderSources(entry) };
}

/** Depth-first over imports so declarations come before their users; deterministic. */
function orderSources(entry: SourceFile): SourceFile[] {
  const seen = new Set<SourceFile>();
  const order: SourceFile[] = [];
  const visit = (sf: SourceFile) => {
    if (seen.has(sf)) return;
    seen.add(sf);
    for (const imp of sf.getImportDeclarations()) {
      const target = imp.getModuleSpecifierSourceFile();
      if (target) visit(target);
    }
    order.push(sf);
  };
  visit(entry);
  return order;
}

export function isPrelude(sf: SourceFile): boolean {
  return preludeFiles.includes(sf.getFilePath());
}
