/**
 * Faults, short run: the broker (with persistence) is SIGKILLed in the middle
 * of a QoS 1 stream to a Lua client with cleansession = 0 and autoreconnect;
 * every message must arrive at least once (counted by sequence number).
 * The long run (more messages, several kills) is test/stress/faults.stress.test.ts.
 */
import { describe, expect, it } from "vitest";
import { qos1StreamWithKills } from "./faults.ts";
import { sanitizerReports } from "./helpers.ts";

describe("faults: broker killed mid-stream, QoS 1, cleansession = 0, autoreconnect", () => {
  it("2,000 messages, one kill: every message arrives at least once", async () => {
    const n = 2000;
    const r = await qos1StreamWithKills(n, [1000], 60);
    const tail = `stdout:\n${r.stdout}\nstderr (end):\n${r.stderr.slice(-3000)}`;
    expect(sanitizerReports(r.stderr), tail).toEqual([]);
    expect(r.stdout, tail).toMatch(new RegExp(`^all ${n} `, "m"));
    expect(r.stdout, tail).toMatch(/^offline$/m);
    expect(r.code, tail).toBe(0);
    // nothing was published twice: a message lost on the client's path could not be hidden by a resend
    expect(r.retries).toBe(0);
    console.log(r.stdout.match(/^all .*/m)?.[0], `publisher chunk retries: ${r.retries}`);
  }, 120_000);
});
