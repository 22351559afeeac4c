// Every npm script that takes options (but the Docker ones, tested in test/firmware)
// answers -h/--help with its usage and one line per option on stdout, exit 0, and
// runs nothing; an unknown option is an error: exit 2, the usage on stderr.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, run } from "../compiler/helpers.ts";

// asynchronous: a worker blocked in spawnSync for long on a loaded machine misses vitest's RPC deadline
const npmRun = (script: string, args: string[]) => run("npm", ["run", "-s", script, "--", ...args], { timeout: 120_000 });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** script -> the usage's first words and the options its help must list, each on its own line */
const commands: Record<string, { usage: string; options: string[] }> = {
  host: { usage: "usage: npm run -s host --", options: ["--lua 5.1|5.3", "--with module.c", "--sanitize", "--debug", "--config NAME=value", "--no-mqtt", "--timeout S", "-h, --help"] },
  start: { usage: "usage: npm start", options: ["-h, --help"] },
  bench: { usage: "usage: npm run bench --", options: ["--runs N", "--messages N", "-h, --help"] },
  "bench:features": { usage: "usage: npm run bench:features --", options: ["--only ID,ID", "-h, --help"] },
  "bench:policies": { usage: "usage: npm run bench:policies", options: ["-h, --help"] },
  "check:gen": { usage: "usage: npm run check:gen", options: ["-h, --help"] },
  gen: { usage: "usage: npm run gen", options: ["-h, --help"] },
  fuzz: { usage: "usage: npm run fuzz --", options: ["--count N", "--seed S", "--only I", "--jobs J", "-h, --help"] },
  "check:upstream": { usage: "usage: npm run check:upstream --", options: ["--nodemcu DIR", "--verbose", "-h, --help"] },
  "test:mutation": { usage: "usage: npm run test:mutation --", options: ["--only ID,ID", "--list", "--generated", "--count N", "--seed S", "-h, --help"] },
};

describe.each(Object.entries(commands))("npm run %s", (script, { usage, options }) => {
  it("-h and --help print the usage with a line per option on stdout, exit 0", async () => {
    const results = await Promise.all(["-h", "--help"].map((flag) => npmRun(script, [flag])));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout.startsWith(usage), r.stdout).toBe(true);
      for (const o of options) expect(r.stdout, o).toMatch(new RegExp(`^  ${escape(o)}  +\\S`, "m"));
    }
  });

  it("an unknown option exits 2 with the usage on stderr", async () => {
    const r = await npmRun(script, ["--no-such-option"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown option --no-such-option|unexpected argument --no-such-option/);
    expect(r.stderr).toContain(usage);
  });
});

describe("npm run bench -- --help", () => {
  it("measures nothing: no progress, no results file written", async () => {
    const results = join(repoRoot, "bench/results.json");
    const before = existsSync(results) ? statSync(results).mtimeMs : undefined;
    const r = await npmRun("bench", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/bench:/);
    expect(existsSync(results) ? statSync(results).mtimeMs : undefined).toBe(before);
  });
});
