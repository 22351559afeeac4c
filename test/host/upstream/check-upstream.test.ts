// `npm run check:upstream` itself, without a NodeMCU checkout: its usage, and
// a stand-in checkout where bit.c is our probe module and the four others do
// not compile, so both kinds of line and the exit status show.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../host/runner/build.ts";

function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "test/host/upstream/check-upstream.ts"), ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

const scratch = mkdtempSync(join(tmpdir(), "check-upstream-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run check:upstream", () => {
  it("--help prints the usage; no --nodemcu or a folder without the modules is a usage error", async () => {
    const help = await check(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run check:upstream -- --nodemcu DIR/);
    const none = await check([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--nodemcu DIR is required");
    const empty = await check(["--nodemcu", scratch]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/has no bit\.c, struct\.c, encoder\.c, pipe\.c, crypto\.c: is DIR a NodeMCU dev-esp32 checkout\?/);
  });

  it("prints one line per module and Lua version and fails when any fails", async () => {
    const modules = join(scratch, "fake/components/modules");
    mkdirSync(modules, { recursive: true });
    copyFileSync(join(REPO_ROOT, "test/host/upstream/probes/bit.c"), join(modules, "bit.c"));
    for (const m of ["struct", "encoder", "pipe", "crypto"]) writeFileSync(join(modules, `${m}.c`), "#error not this module\n");
    const r = await check(["--nodemcu", join(scratch, "fake")]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(`NodeMCU: ${join(scratch, "fake")} (not a git checkout)`);
    expect(lines.slice(1, 3)).toEqual(["pass  bit      Lua 5.1  26 checks", "pass  bit      Lua 5.3  26 checks"]);
    for (const line of lines.slice(3, 11)) expect(line).toMatch(/^FAIL  (struct |encoder|pipe   |crypto ) +Lua 5\.[13]  build failed: .*error: #error not this module/);
    expect(lines[11]).toBe("8 of 10 failed");
    expect(lines).toHaveLength(12);
  });
});
