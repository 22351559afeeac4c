// Every @example of the reference pages is a Lua file under examples/ that runs
// green: mqtt's against a real Mosquitto broker, each example module's (emitter,
// pipe, struct) with that module compiled by tsc2c into nodemcu-host; under Lua 5.1 and 5.3. An example's
// trailing `--> line` comments are its expected output, compared line for line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { functionDocs } from "../../compiler/docs/doctags.ts";
import { GENERATED } from "../../compiler/cli/generated.ts";
import { readInterface } from "../../compiler/docs/interface.ts";
import { runHost } from "../../host/runner/build.ts";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { repoRoot } from "../compiler/helpers.ts";

const work = mkdtempSync(join(tmpdir(), "doc-examples-"));
let broker: Broker;
/** The C of each example module (module-src/examples/<name>.ts), compiled once before the runs. */
const exampleC = (entry: string) => join(work, entry.replace(/^.*\//, "").replace(/\.ts$/, ".c"));

beforeAll(async () => {
  broker = await startBroker();
  for (const { entry } of GENERATED) {
    if (entry.endsWith("mqtt.ts")) continue;
    const r = compile(join(repoRoot, entry), { outFile: exampleC(entry) });
    expect(r.diagnostics).toEqual([]);
    writeFileSync(exampleC(entry), r.c!);
  }
}, 120_000);
afterAll(async () => {
  await broker?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Each function's examples, as files under the repository. */
function examplesOf(entry: string): { title: string; file: string }[] {
  const { model } = readInterface(join(repoRoot, entry));
  return functionDocs(model!).flatMap((d) => d.examples.map((rel) => ({ title: d.title, file: resolve(repoRoot, dirname(entry), rel) })));
}

/** The `--> text` lines at the end of an example. */
function expectedOutput(lua: string): string[] {
  return [...lua.matchAll(/^--> ?(.*)$/gm)].map((m) => m[1]!);
}

describe.each(GENERATED.map((g) => [g.entry] as const))("the examples of %s", (entry) => {
  const examples = examplesOf(entry);
  const isMqtt = entry.endsWith("mqtt.ts");

  it("every Lua function of the module has one, under examples/, with its expected output", () => {
    const { model } = readInterface(join(repoRoot, entry));
    const titles = functionDocs(model!).map((d) => d.title);
    expect(new Set(examples.map((e) => e.title))).toEqual(new Set(titles));
    for (const e of examples) {
      expect(e.file.startsWith(join(repoRoot, "examples") + "/"), e.file).toBe(true);
      expect(expectedOutput(readFileSync(e.file, "utf8")).length, e.file).toBeGreaterThan(0);
    }
  });

  for (const lua of ["5.1", "5.3"] as const) {
    it.each(examples.map((e) => [e.file.slice(repoRoot.length + 1), e] as const))(`%s runs green under Lua ${lua}`, async (_, e) => {
      const r = await runHost({
        script: e.file, lua, timeout: 30,
        ...(isMqtt ? { args: [broker.host, String(broker.port)] } : { mqtt: false, with: [exampleC(entry)] }),
      });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.split("\n").filter(Boolean)).toEqual(expectedOutput(readFileSync(e.file, "utf8")));
    }, 120_000);
  }
});
