/**
 * Fuzz, long run: 30,000 random mqtt API calls (10 seeds x 3,000, each its own
 * nodemcu-host process under ASan+UBSan; 8 under Lua 5.3, 2 under Lua 5.1)
 * with broker kills and restarts.
 * Zero sanitizer reports, clean exits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { fuzzRun, sanitizedHost } from "../reliability/helpers.ts";

const SEEDS: Array<[number, "5.1" | "5.3"]> = [
  [101, "5.3"], [102, "5.3"], [103, "5.3"], [104, "5.3"], [105, "5.3"], [106, "5.3"], [107, "5.3"], [108, "5.3"],
  [109, "5.1"], [110, "5.1"],
];
const CALLS = 3000;

describe("stress fuzz: mqtt API under ASan+UBSan with broker kills", () => {
  let broker: Broker;
  let total = 0;
  beforeAll(async () => {
    await sanitizedHost("5.3");
    await sanitizedHost("5.1");
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
    console.log(`stress fuzz: ${total} calls in total`);
  });

  for (const [seed, lua] of SEEDS) {
    it(`seed ${seed}, Lua ${lua}: ${CALLS} calls`, async () => {
      const { result, calls, kills, reports, summary } = await fuzzRun(broker, seed, CALLS, { timeout: 240, lua });
      expect(reports, result.stderr.slice(-4000)).toEqual([]);
      expect(result.code, result.stderr.slice(-4000)).toBe(0);
      expect(calls).toBeGreaterThanOrEqual(CALLS);
      total += calls;
      console.log(`seed ${seed} (Lua ${lua}): ${summary}; broker killed ${kills} times`);
    }, 300_000);
  }

  it("made at least 20,000 calls", () => {
    expect(total).toBeGreaterThanOrEqual(20_000);
  });
});
