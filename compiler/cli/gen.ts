import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generatedFiles } from "./generated.ts";
import { scriptArgs } from "./script-args.ts";

/** `npm run gen`: writes every generated file (the list in generated.ts); unchanged files are left untouched. */
scriptArgs("gen", `usage: npm run gen

Regenerates components/modules/mqtt.c (tsc2c build), the LuaLS stubs
types/mqtt.lua, types/emitter.lua and types/struct.lua and the reference pages
docs/mqtt-api.md, docs/emitter-api.md and docs/struct-api.md (tsc2c docs) from
module-src/. Commit what changed;
npm run check:gen fails until then. Takes no other options.

options:
  -h, --help             print this help and exit`);

const { files, errors } = generatedFiles();
for (const e of errors) process.stderr.write(e + "\n");
if (errors.length) process.exit(1);
for (const [file, text] of files) {
  let old: string | undefined;
  try { old = readFileSync(file, "utf8"); } catch { /* new file */ }
  if (old === text) continue;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`gen: wrote ${file}\n`);
}
