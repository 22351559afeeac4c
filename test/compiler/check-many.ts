/**
 * `tsc2c check` over many files in one process, for the diagnostics tests:
 * `node --import tsx test/compiler/check-many.ts a.ts b.ts ...` calls the CLI's
 * own `main(["check", file])` (what the `tsc2c` bin calls) once per file and
 * prints one JSON object { file: { code, stdout, stderr } }. One process saves
 * the start-up of Node, tsx and ts-morph per fixture; repeated runs in one
 * process are also what `--watch` does.
 */
import { main } from "../../compiler/cli/main.ts";

const results: Record<string, { code: number; stdout: string; stderr: string }> = {};
const realOut = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);
for (const file of process.argv.slice(2)) {
  let stdout = "", stderr = "";
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    code = main(["check", file]);
  } catch (e) {
    stderr += `uncaught: ${(e as Error).stack}`;
    code = 99;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  results[file] = { code, stdout, stderr };
}
process.stdout.write(JSON.stringify(results));
