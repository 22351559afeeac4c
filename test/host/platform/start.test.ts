// `npm start`: runs examples/hello.lua against its own broker and ends as soon as
// the script is done (it used to linger 3 s: the broker's stop timer held the process).
import { describe, expect, it } from "vitest";
import { run } from "../../compiler/helpers.ts";

// In a fresh process, so no other test's timers blur the count.
const STOP_BROKER = `
import { startBroker } from "./test/helpers/broker.ts";
const broker = await startBroker();
await broker.stop();
console.log(JSON.stringify(process.getActiveResourcesInfo()));
`;

describe("npm start", () => {
  it("runs examples/hello.lua against a broker it starts, and exits 0", async () => {
    const r = await run("npm", ["start", "--silent"], { timeout: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mosquitto: listening on 127\.0\.0\.1:\d+/);
    expect(r.stdout).toMatch(/offline: closed, bye\n$/);
  });

  it("stopping its broker leaves no timer that would keep the process alive", async () => {
    const r = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", STOP_BROKER]);
    expect(r.code, r.stderr).toBe(0);
    const resources = JSON.parse(r.stdout) as string[];
    expect(resources).not.toContain("Timeout");
  });
});
