import { compile } from "../compile.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { generateDocs } from "../docs/generate.ts";

/**
 * Every generated file of the repository and its module source: `npm run gen`
 * writes them, `npm run check:gen` compares them. Paths are relative to the
 * repository's root (npm's working directory).
 */
export const GENERATED = [
  { entry: "module-src/mqtt.ts", c: "components/modules/mqtt.c", docs: { luaStubs: "types/mqtt.lua", page: "docs/mqtt-api.md" } },
  { entry: "module-src/examples/emitter.ts", docs: { luaStubs: "types/emitter.lua", page: "docs/emitter-api.md" } },
  { entry: "module-src/examples/pipe.ts", docs: { luaStubs: "types/pipe.lua", page: "docs/pipe-api.md" } },
  { entry: "module-src/examples/struct.ts", docs: { luaStubs: "types/struct.lua", page: "docs/struct-api.md" } },
] as const;

/** What each generated file must hold now (file → text), or the errors that prevent knowing it. */
export function generatedFiles(): { files: Map<string, string>; errors: string[] } {
  const files = new Map<string, string>();
  const errors: string[] = [];
  for (const target of GENERATED) {
    if ("c" in target) {
      const result = compile(target.entry, { outFile: target.c });
      errors.push(...result.diagnostics.map((d) => formatDiagnostic(d)));
      if (result.c === undefined) errors.push(`${target.entry} does not compile`);
      else files.set(target.c, result.c);
    }
    const docs = generateDocs(target.entry, target.docs);
    errors.push(...docs.diagnostics.map((d) => formatDiagnostic(d)));
    for (const [file, text] of docs.files) files.set(file, text);
  }
  return { files, errors };
}
