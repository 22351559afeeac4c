// The npm entry point: `npm run -s host -- ...` forwards stdio and status.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../host/runner/build.ts";
import { type Broker, startBroker } from "../../helpers/broker.ts";
import { run } from "../../compiler/helpers.ts";
import { FIXTURES } from "./helpers.ts";

/** `npm run -s host -- args`, as a CI job would call it (asynchronously: it may build the runner first). */
const npmHost = (args: string[]) => run("npm", ["run", "-s", "host", "--", ...args], { timeout: 180_000 });

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

describe("npm run -s host: exit status after callback errors, with a real broker", () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(() => broker?.stop());
  const script = join(FIXTURES, "message_error.lua");

  it.each(["5.1", "5.3"])("a message callback that raises makes the run exit 1 after its traceback (Lua %s)", async (lua) => {
    const r = await npmHost(["--lua", lua, "--timeout", "30", script, broker.host, String(broker.port)]);
    expect(r.code, r.stderr).toBe(1);
    // the runner carried on after the error: the next message still arrived and closed the client
    expect(r.stdout).toBe("received boom\nreceived done\n");
    expect(r.stderr).toContain("message_error.lua:15: message callback failed on purpose");
    expect(r.stderr).toContain("stack traceback:");
    expect(r.stderr).toMatch(/nodemcu-host: 1 error in callbacks or tasks \(tracebacks above\): exit status 1\n$/);
  });

  it("an error that node.setonerror handles leaves the exit status 0", async () => {
    const r = await npmHost(["--timeout", "30", script, broker.host, String(broker.port), "handled"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^received boom\nhandled: .*message_error\.lua:15: message callback failed on purpose\nreceived done\n$/);
    expect(r.stderr).toBe("");
  });
});
