/** One transpile of an entry with tsc2c's compile() (no file written): the child the transpile benchmark times. */
import { compile } from "../compiler/compile.ts";

const entry = process.argv[2] ?? "module-src/mqtt.ts";
const result = compile(entry, { outFile: "components/modules/mqtt.c" });
if (result.diagnostics.length || result.c === undefined) {
  process.stderr.write(`compile failed: ${result.diagnostics.length} diagnostics\n`);
  process.exit(1);
}
