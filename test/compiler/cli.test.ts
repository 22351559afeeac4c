/** The tsc2c command line: usage errors, a missing entry, build output, --watch. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, tsc2c } from "./helpers.ts";

const work = mkdtempSync(join(tmpdir(), "tsc2c-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const program = (n: number) => `export function main(): void {\n  const x: int = ${n};\n  if (x > 0) {\n    return;\n  }\n}\n`;

describe("tsc2c command line", () => {
  it("prints usage and exits 2 on a bad command line", async () => {
    for (const args of [[], ["frobnicate", "x.ts"], ["build", "x.ts"], ["check", "x.ts", "--nope"]]) {
      const r = await tsc2c(args, work);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/usage:/);
    }
  });

  it("reports a missing entry as a located diagnostic", async () => {
    const r = await tsc2c(["check", "missing.ts"], work);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^missing\.ts\(1,1\): error TSC2C1002: entry file not found: missing\.ts$/m);
  });

  it("builds, and leaves an unchanged output file untouched", async () => {
    const src = join(work, "prog.ts"), out = join(work, "out", "prog.c");
    writeFileSync(src, program(1));
    expect((await tsc2c(["build", src, "-o", out], work)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/int x = 1;/);
    const old = new Date(2000, 0, 1);
    utimesSync(out, old, old);
    expect((await tsc2c(["build", src, "-o", out], work)).code).toBe(0);
    expect(statSync(out).mtime.getTime()).toBe(old.getTime());
    expect((await tsc2c(["check", src], work)).stderr).toBe("");
  });

  it("--watch rebuilds when the source changes", async () => {
    const src = join(work, "watched.ts"), out = join(work, "watched.c");
    writeFileSync(src, program(1));
    const child = spawn(process.execPath, [cliPath, "build", src, "-o", out, "--watch"], { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    const waitFor = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!cond()) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
    };
    try {
      await waitFor(() => stderr.includes("watching"), "the watcher");
      expect(readFileSync(out, "utf8")).toMatch(/int x = 1;/);
      // touch the source until the watcher (set up just after it says so) has seen a change
      const touch = setInterval(() => writeFileSync(src, program(2)), 700);
      writeFileSync(src, program(2));
      try {
        await waitFor(() => existsSync(out) && readFileSync(out, "utf8").includes("int x = 2;"), "the rebuild");
      } finally {
        clearInterval(touch);
      }
    } finally {
      child.kill();
    }
  }, 60_000);
});
