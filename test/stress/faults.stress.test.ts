/**
 * Faults, long run: 10,000 QoS 1 messages to a persistent session with
 * autoreconnect while the broker (with persistence) is SIGKILLed three times
 * mid-stream: every message arrives at least once.
 */
import { describe, expect, it } from "vitest";
import { qos1StreamWithKills } from "../reliability/faults.ts";
import { sanitizerReports } from "../reliability/helpers.ts";

describe("stress faults: broker killed mid-stream, QoS 1, cleansession = 0, autoreconnect", () => {
  it("10,000 messages, three kills: every message arrives at least once", async () => {
    const n = 10_000;
    const r = await qos1StreamWithKills(n, [2000, 5000, 8000], 240);
    const tail = `stdout:\n${r.stdout}\nstderr (end):\n${r.stderr.slice(-3000)}`;
    expect(sanitizerReports(r.stderr), tail).toEqual([]);
    expect(r.stdout, tail).toMatch(new RegExp(`^all ${n} `, "m"));
    expect((r.stdout.match(/^offline$/gm) ?? []).length, tail).toBeGreaterThanOrEqual(3);
    expect(r.code, tail).toBe(0);
    expect(r.retries, "nothing published twice").toBe(0);
    console.log(r.stdout.match(/^all .*/m)?.[0], `publisher chunk retries: ${r.retries}`);
  }, 400_000);
});
