/** The tsc2c command line: help, version, usage errors, a missing entry, build output, init, --watch. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot, run, tsc2c } from "./helpers.ts";

const work = mkdtempSync(join(tmpdir(), "tsc2c-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const broken = `export function main(): void {\n  const x: int = "a";\n  if (x > 0) {\n    return;\n  }\n}\n`;
const program = (n: number) => `export function main(): void {\n  const x: int = ${n};\n  if (x > 0) {\n    return;\n  }\n}\n`;

describe("tsc2c command line", () => {
  it("prints usage on stderr and exits 2 on a bad command line", async () => {
    const bad = [[], ["frobnicate", "x.ts"], ["build", "x.ts"], ["build", "x.ts", "-o"], ["check", "x.ts", "--nope"],
      ["check", "a.ts", "b.ts"], ["check", "x.ts", "--line-directives"], ["init"], ["init", "d", "--watch"], ["--nope"]];
    for (const args of bad) {
      const r = await tsc2c(args, work);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^tsc2c: .*\nusage: tsc2c/);
      expect(r.stdout, args.join(" ")).toBe("");
    }
    expect((await tsc2c(["build", "x.ts", "--nope"], work)).stderr).toMatch(/^tsc2c: unknown option --nope\nusage: tsc2c build/);
  });

  it("-h/--help prints usage with a line per option on stdout and exits 0, for tsc2c and each command", async () => {
    const options: Record<string, string[]> = {
      "": ["-h, --help", "-v, --version", "build <entry.ts> -o <out.c>", "check <entry.ts>", "init <dir>"],
      build: ["-o, --out <out.c>", "--line-directives", "-w, --watch", "-h, --help", "-v, --version"],
      check: ["-w, --watch", "-h, --help", "-v, --version"],
      init: ["-h, --help", "-v, --version"],
    };
    for (const [command, lines] of Object.entries(options)) {
      for (const flag of ["-h", "--help"]) {
        const args = command ? [command, flag] : [flag];
        const r = await tsc2c(args, work);
        expect(r.code, args.join(" ")).toBe(0);
        expect(r.stderr).toBe("");
        expect(r.stdout).toMatch(new RegExp(`^usage: tsc2c ${command || "<command>"}`));
        for (const line of lines) expect(r.stdout, `${args.join(" ")}: ${line}`).toMatch(new RegExp(`^  ${line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}  `, "m"));
      }
    }
    // help wins over the rest of the command line, which is not run
    const r = await tsc2c(["build", "missing.ts", "--help"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: tsc2c build/);
  });

  it("--version prints the package version", async () => {
    const { version } = createRequire(import.meta.url)(join(repoRoot, "package.json")) as { version: string };
    for (const args of [["--version"], ["-v"], ["build", "--version"]]) {
      const r = await tsc2c(args, work);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`tsc2c ${version}\n`);
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

  it("--watch rebuilds on change and prints tsc-style status lines, also after a fix", async () => {
    const src = join(work, "watched.ts"), out = join(work, "watched.c");
    writeFileSync(src, broken);
    const child = spawn(process.execPath, [cliPath, "build", src, "-o", out, "--watch"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    const waitFor = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      if (!cond()) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}\nstderr: ${stderr}`);
    };
    const stamp = "\\[\\d\\d:\\d\\d:\\d\\d\\] ";
    try {
      await waitFor(() => /Found 1 error\./.test(stdout), "the first build's status");
      expect(stdout).toMatch(new RegExp(`^${stamp}Starting compilation in watch mode\\.\\.\\.\\n\\n${stamp}Found 1 error\\. Watching for file changes\\.\\n\\n$`));
      expect(stderr).toMatch(/watched\.ts\(2,9\): error/);
      expect(existsSync(out)).toBe(false);
      // fix the source; keep writing it until the watcher (set up just after the status line) has seen a change
      const touch = setInterval(() => writeFileSync(src, program(2)), 700);
      writeFileSync(src, program(2));
      try {
        await waitFor(() => /Found 0 errors\./.test(stdout), "the rebuild after the fix");
        await waitFor(() => existsSync(out) && readFileSync(out, "utf8").includes("int x = 2;"), "the output file");
      } finally {
        clearInterval(touch);
      }
      expect(stdout).toMatch(new RegExp(`\\n${stamp}File change detected\\. Starting incremental compilation\\.\\.\\.\\n\\n${stamp}Found 0 errors\\. Watching for file changes\\.\\n\\n$`));
    } finally {
      child.kill();
    }
  }, 60_000);

  it("init writes a tsconfig.json under which plain tsc checks a new module as tsc2c does", async () => {
    const dir = join(work, "newmod");
    const r = await tsc2c(["init", dir], work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`tsc2c: wrote ${join(dir, "tsconfig.json")}\n`);
    writeFileSync(join(dir, "mod.ts"), program(3));
    const tsc = (d: string) => run(process.execPath, [join(repoRoot, "node_modules/typescript/lib/tsc.js"), "--noEmit", "-p", d]);
    const ok = await tsc(dir);
    expect(ok.code, ok.stdout).toBe(0);
    expect((await tsc2c(["check", join(dir, "mod.ts")], work)).code).toBe(0);
    // the same error for both: a string is no int
    writeFileSync(join(dir, "mod.ts"), broken);
    const bad = await tsc(dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/mod\.ts\(2,9\): error TS2322: Type 'string' is not assignable/);
    expect((await tsc2c(["check", join(dir, "mod.ts")], work)).stderr).toMatch(/TS2322/);
    // never overwrites
    const again = await tsc2c(["init", dir], work);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists; not overwritten/);
  }, 60_000);
});
