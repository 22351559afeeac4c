// `npm start`: runs examples/hello.lua against its own broker and ends as soon as
// the script is done (it used to linger 3 s: the broker's stop timer held the process).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../host/runner/build.ts";

// In a fresh process, so no other test's timers blur the count.
const STOP_BROKER = `
import { startBroker } from "./test/helpers/broker.ts";
const broker = await startBroker();
await broker.stop();
console.log(JSON.stringify(process.getActiveResourcesInfo()));
`;

describe("npm start", () => {
  it("runs examples/hello.lua against a broker it starts, and exits 0", () => {
    const r = spawnSync("npm", ["start", "--silent"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 180_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mosquitto: listening on 127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/offline: closed, bye\n$/);
  });

  it("stopping its broker leaves no timer that would keep the process alive", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", STOP_BROKER], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const resources = JSON.parse(r.stdout) as string[];
    expect(resources).not.toContain("Timeout");
  });
});
