// Tests added for survivors of the generated mutation run (issue 25, docs/testing.md
// "Generated mutants"): each names the mutant of module-src/mqtt.ts it kills. Lua 5.1 and 5.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { LUA_VERSIONS, prebuild, run, show, unique } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua)));
});

afterAll(async () => {
  await broker?.stop();
});

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  // flushSent: `while (n > 0 ...` as `n >= 0` fires one callback more than the flush found
  it.concurrent("a QoS 0 callback added by a QoS 0 callback waits for the next flush: a second client's flush queued in between comes first", async () => {
    const r = await run(lua, "qos0chain", [broker.host, broker.port, unique("chain", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["sent A", "sent Y", "sent B", "done"]);
  });
});
