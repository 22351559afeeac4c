import { readFileSync } from "node:fs";
import { compile } from "../compile.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { GENERATED, generateDocs } from "../docs/generate.ts";

/**
 * `npm run check:gen`: fails when a generated file (components/modules/mqtt.c,
 * the LuaLS stubs types/*.lua and the reference pages docs/*-api.md) is not
 * what its module source compiles to: someone edited it, or changed the source
 * or a doc comment and forgot `npm run gen`. Paths are relative to the current
 * directory (the repository's root under npm).
 */
const usage = `usage: npm run check:gen

Exits 1 when a generated file differs from what its module source gives:
components/modules/mqtt.c (from module-src/mqtt.ts), the LuaLS stubs
types/mqtt.lua and types/emitter.lua, and the reference pages docs/mqtt-api.md
and docs/emitter-api.md (from the modules' doc comments and examples/).
Fix: npm run gen, and commit the files. Takes no other options.

options:
  -h, --help             print this help and exit`;
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "-h" || argv[0] === "--help")) {
  process.stdout.write(usage + "\n");
  process.exit(0);
}
if (argv.length) {
  process.stderr.write(`check:gen: unexpected argument ${argv[0]}\n${usage}\n`);
  process.exit(2);
}

let stale = 0;
function compare(file: string, expected: string): void {
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`check:gen: ${file} is missing: run npm run gen\n`);
    stale++;
    return;
  }
  if (current !== expected) {
    process.stderr.write(`check:gen: ${file} is stale or was edited by hand: run npm run gen and commit it\n`);
    stale++;
  } else process.stdout.write(`check:gen: ${file} is up to date\n`);
}

for (const target of GENERATED) {
  const { entry, docs } = target;
  if ("c" in target) {
    const result = compile(entry, { outFile: target.c });
    for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
    if (result.c === undefined) {
      process.stderr.write(`check:gen: ${entry} does not compile\n`);
      process.exit(1);
    }
    compare(target.c, result.c);
  }
  const generated = generateDocs(entry, docs);
  for (const d of generated.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
  if (generated.diagnostics.length) {
    process.stderr.write(`check:gen: ${entry} has errors\n`);
    process.exit(1);
  }
  for (const [file, text] of generated.files) compare(file, text);
}
if (stale) process.exit(1);
