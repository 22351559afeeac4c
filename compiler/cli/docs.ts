import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { DocsError } from "../docs/interface.ts";
import { generateDocs, type DocsTargets } from "../docs/generate.ts";

/** `tsc2c docs`: writes the stubs and page; the exit code (1 for errors in the module or its tags, 3 for a compiler bug). */
export function writeDocs(entry: string, targets: DocsTargets): number {
  let result;
  try {
    result = generateDocs(entry, targets);
  } catch (e) {
    if (e instanceof DocsError) {
      process.stderr.write(`tsc2c: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`tsc2c: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
  if (result.diagnostics.length) return 1;
  for (const [file, text] of result.files) {
    let old: string | undefined;
    try { old = readFileSync(file, "utf8"); } catch { /* new file */ }
    if (old === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return 0;
}
