import { readFileSync } from "node:fs";
import { generatedFiles } from "./generated.ts";
import { scriptArgs } from "./script-args.ts";

/**
 * `npm run check:gen`: fails when a generated file (components/modules/mqtt.c,
 * the LuaLS stubs types/*.lua and the reference pages docs/*-api.md) is not
 * what its module source gives: someone edited it, or changed the source, a
 * doc comment or an example and forgot `npm run gen`.
 */
scriptArgs("check:gen", `usage: npm run check:gen

Exits 1 when a generated file differs from what its module source gives:
components/modules/mqtt.c (from module-src/mqtt.ts), the LuaLS stubs
types/mqtt.lua and types/emitter.lua, and the reference pages docs/mqtt-api.md
and docs/emitter-api.md (from the modules' doc comments and examples/).
Fix: npm run gen, and commit the files. Takes no other options.

options:
  -h, --help             print this help and exit`);

const { files, errors } = generatedFiles();
for (const e of errors) process.stderr.write(e + "\n");
if (errors.length) {
  process.stderr.write("check:gen: the module sources have errors\n");
  process.exit(1);
}
let stale = 0;
for (const [file, expected] of files) {
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    process.stderr.write(`check:gen: ${file} is missing: run npm run gen\n`);
    stale++;
    continue;
  }
  if (current !== expected) {
    process.stderr.write(`check:gen: ${file} is stale or was edited by hand: run npm run gen and commit it\n`);
    stale++;
  } else process.stdout.write(`check:gen: ${file} is up to date\n`);
}
if (stale) process.exit(1);
