/**
 * Every crash the reliability runs found, as a standalone script under
 * ASan+UBSan (test/reliability/repro/). A defect that is reported but not yet
 * fixed in module-src/ / compiler/ / host/ is marked `it.fails`: the test
 * states the correct behaviour, and vitest flags it the day the fix lands
 * (then drop `.fails`, and the matching avoidance in lua/fuzz.lua).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { reproDir, runSanitized, sanitizedHost, sanitizerReports } from "./helpers.ts";

describe("regressions found by the reliability runs", () => {
  let broker: Broker;
  beforeAll(async () => {
    await sanitizedHost();
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => broker?.stop());

  const clean = async (script: string, ...args: string[]) => {
    const r = await runSanitized(path.join(reproDir, script), [String(broker.port), ...args], 30);
    expect(sanitizerReports(r.stderr), r.stderr.slice(-3000)).toEqual([]);
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    return r;
  };

  // was: a number topic (read as a string) took the table branch, lua_next(L, 0) -> SEGV in countPairs
  it("subscribe(5, 0) on a connected client: an error or a subscription, never a crash", async () => {
    await clean("subscribe-number-topic.lua", "subscribe");
  });
  // was: the same in unsubscribe's table loop
  it("unsubscribe(5) on a connected client: never a crash", async () => {
    await clean("subscribe-number-topic.lua", "unsubscribe");
  });
  // was: deliver_post memcpy(dst, NULL, 0) for an empty payload (UBSan); fixed in cf0f35a
  it("a message with an empty payload reaches the callback as \"\" without undefined behaviour", async () => {
    const r = await clean("empty-payload.lua");
    expect(r.stdout).toMatch(/message\trepro\/empty\t0/);
  });
});
