// The npm entry point: `npm run -s host -- ...` forwards stdio and status.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../host/runner/build.ts";
import { FIXTURES } from "./helpers.ts";

function cli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "host/runner/main.ts"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("host/runner/main.ts", () => {
  it("runs a script and exits with its os.exit code", () => {
    const r = cli(["--no-mqtt", "--lua", "5.1", join(FIXTURES, "os_exit.lua")]);
    expect(r.status, r.stderr).toBe(7);
    expect(r.stdout).toBe("armed\nexiting\n");
  });

  it("prints gcc errors and exits 1 when the build fails", () => {
    const r = cli(["--no-mqtt", "--with", join(FIXTURES, "broken.c"), join(FIXTURES, "idle.lua")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nodemcu-host: build failed");
    expect(r.stderr).toMatch(/broken\.c:5:\d+: error/);
  });

  it("explains bad usage with exit 2", () => {
    const r = cli(["--lua", "6.0", "x.lua"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--lua must be 5.1 or 5.3");
    expect(r.stderr).toContain("usage:");
  });
});
