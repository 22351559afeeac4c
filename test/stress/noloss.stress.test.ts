/**
 * Issue 16 finding 4, full size: a message callback busy for 10 s while 1,000
 * QoS 1 publishes with callbacks are in flight to the client's own QoS 1
 * subscription, with a 4-slot task queue: every ack and every message arrives,
 * nothing is dropped. (npm test runs 300 with a 3 s stall: test/mqtt/noloss.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { prebuild, run, show, unique } from "../mqtt/helpers.ts";

describe("stress noloss: a 10 s busy callback, 1,000 QoS 1 in flight", () => {
  let broker: Broker;
  beforeAll(async () => {
    await prebuild("5.3");
    broker = await startBroker();
  }, 300_000);
  afterAll(async () => broker?.stop());

  it("none lost", async () => {
    const r = await run("5.3", "busy", [broker.host, broker.port, unique("busy-stress", "5.3"), 1000, 10], {
      env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" },
      timeout: 240,
    });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toContain("acks 1000");
    expect(r.lines).toContain("messages 1000");
    expect(r.stderr).not.toMatch(/event dropped/);
  }, 300_000);
});
