/**
 * Runs subset programs under Node: `node --import tsx test/compiler/run-node.ts a.ts b.ts ...`.
 * Each program's `main()` runs with the prelude installed as globals; prints one
 * JSON object { file: { out, error? } } where `out` is the program's output in
 * base64 (C writes bytes, so bytes are compared).
 */
import { register } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { installPrelude, takeOutput } from "../../compiler/prelude/runtime.ts";

register("./node-hooks.mjs", import.meta.url);
installPrelude();

const results: Record<string, { out: string; error?: string }> = {};
for (const file of process.argv.slice(2)) {
  takeOutput();
  let error: string | undefined;
  try {
    const mod = (await import(pathToFileURL(resolve(file)).href)) as { main?: () => void };
    if (typeof mod.main !== "function") throw new Error("no exported main()");
    mod.main();
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  results[file] = { out: Buffer.from(takeOutput(), "latin1").toString("base64"), ...(error ? { error } : {}) };
}
process.stdout.write(JSON.stringify(results));
