import { readFileSync } from "node:fs";
import { compile } from "../compile.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";

/**
 * `npm run check:gen`: fails when components/modules/mqtt.c is not what
 * module-src/mqtt.ts compiles to (someone edited it, or forgot `npm run gen`).
 */
const usage = `usage: npm run check:gen

Exits 1 when components/modules/mqtt.c differs from what module-src/mqtt.ts
compiles to (fix: npm run gen, and commit the file). Takes no other options.

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
const entry = "module-src/mqtt.ts";
const out = "components/modules/mqtt.c";
const result = compile(entry, { outFile: out });
for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
if (result.c === undefined) {
  process.stderr.write(`check:gen: ${entry} does not compile\n`);
  process.exit(1);
}
let current = "";
try {
  current = readFileSync(out, "utf8");
} catch {
  process.stderr.write(`check:gen: ${out} is missing: run npm run gen\n`);
  process.exit(1);
}
if (current !== result.c) {
  process.stderr.write(`check:gen: ${out} is stale or was edited by hand: run npm run gen and commit it\n`);
  process.exit(1);
}
process.stdout.write(`check:gen: ${out} is up to date\n`);
