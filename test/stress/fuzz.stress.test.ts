/**
 * Fuzz, long run: 24,000 random mqtt API calls (8 seeds x 3,000, each its own
 * nodemcu-host process under ASan+UBSan) with broker kills and restarts.
 * Zero sanitizer reports, clean exits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { fuzzRun, sanitizedHost } from "../reliability/helpers.ts";

const SEEDS = [101, 102, 103, 104, 105, 106, 107, 108];
const CALLS = 3000;

describe("stress fuzz: mqtt API under ASan+UBSan with broker kills", () => {
  let broker: Broker;
  let total = 0;
  beforeAll(async () => {
    await sanitizedHost();
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
    console.log(`stress fuzz: ${total} calls in total`);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: ${CALLS} calls`, async () => {
      const { result, calls, kills, reports, summary } = await fuzzRun(broker, seed, CALLS, { timeout: 240 });
      expect(reports, result.stderr.slice(-4000)).toEqual([]);
      expect(result.code, result.stderr.slice(-4000)).toBe(0);
      expect(calls).toBeGreaterThanOrEqual(CALLS);
      total += calls;
      console.log(`seed ${seed}: ${summary}; broker killed ${kills} times`);
    }, 300_000);
  }

  it("made at least 20,000 calls", () => {
    expect(total).toBeGreaterThanOrEqual(20_000);
  });
});
