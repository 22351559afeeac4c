/**
 * Fuzz, short run: random sequences of mqtt API calls with random and wrong
 * argument types (lua/fuzz.lua, seeded, every call under pcall), while the
 * broker is killed and restarted, in nodemcu-host built with ASan+UBSan.
 * The long run is test/stress/fuzz.stress.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { fuzzRun, sanitizedHost } from "./helpers.ts";

describe("fuzz: mqtt API under ASan+UBSan with broker kills", () => {
  let broker: Broker;
  beforeAll(async () => {
    await sanitizedHost("5.3");
    await sanitizedHost("5.1");
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => broker?.stop());

  for (const [seed, lua] of [[11, "5.3"], [12, "5.3"], [13, "5.1"]] as const) {
    it(`seed ${seed}, Lua ${lua}: 2,000 calls, no sanitizer report, clean exit`, async () => {
      const { result, calls, kills, reports, summary } = await fuzzRun(broker, seed, 2000, { timeout: 90, lua });
      expect(reports, result.stderr.slice(-4000)).toEqual([]);
      expect(result.code, result.stderr.slice(-4000)).toBe(0);
      expect(calls).toBeGreaterThanOrEqual(2000);
      expect(kills).toBeGreaterThanOrEqual(1);
      console.log(`seed ${seed} (Lua ${lua}): ${summary}, broker killed ${kills} times`);
    }, 150_000);
  }
});
