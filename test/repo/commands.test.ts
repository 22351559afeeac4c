// Every npm script that takes options (but the Docker ones, tested in test/firmware)
// answers -h/--help with its usage and one line per option on stdout, exit 0, and
// runs nothing; an unknown option is an error: exit 2, the usage on stderr.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../compiler/helpers.ts";

function npmRun(script: string, args: string[]) {
  return spawnSync("npm", ["run", "-s", script, "--", ...args], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** script -> the usage's first words and the options its help must list, each on its own line */
const commands: Record<string, { usage: string; options: string[] }> = {
  host: { usage: "usage: npm run -s host --", options: ["--lua 5.1|5.3", "--with module.c", "--sanitize", "--config NAME=value", "--no-mqtt", "--timeout S", "-h, --help"] },
  start: { usage: "usage: npm start", options: ["-h, --help"] },
  bench: { usage: "usage: npm run bench --", options: ["--runs N", "--messages N", "-h, --help"] },
  "check:gen": { usage: "usage: npm run check:gen", options: ["-h, --help"] },
  gen: { usage: "usage: tsc2c build", options: ["-o, --out <out.c>", "--line-directives", "-w, --watch", "-h, --help"] },
};

describe.each(Object.entries(commands))("npm run %s", (script, { usage, options }) => {
  it("-h and --help print the usage with a line per option on stdout, exit 0", () => {
    for (const flag of ["-h", "--help"]) {
      const r = npmRun(script, [flag]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout.startsWith(usage), r.stdout).toBe(true);
      for (const o of options) expect(r.stdout, o).toMatch(new RegExp(`^  ${escape(o)}  +\\S`, "m"));
    }
  });

  it("an unknown option exits 2 with the usage on stderr", () => {
    const r = npmRun(script, ["--no-such-option"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown option --no-such-option|unexpected argument --no-such-option/);
    expect(r.stderr).toContain(usage);
  });
});

describe("npm run bench -- --help", () => {
  it("measures nothing: no progress, no results file written", () => {
    const results = join(repoRoot, "bench/results.json");
    const before = existsSync(results) ? statSync(results).mtimeMs : undefined;
    const r = npmRun("bench", ["--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/bench:/);
    expect(existsSync(results) ? statSync(results).mtimeMs : undefined).toBe(before);
  });
});
