/**
 * Load, scaled down for `npm test`: 5 clients x 3,000 QoS 1 messages in one
 * runtime, each published from the previous one's PUBACK callback and
 * received back through a QoS 1 subscription: none lost, RSS grows < 5%
 * between the end of the second thousand and the end. The full 20 x 5,000 run
 * is test/stress/load.stress.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { expectNoLoss, plainHost, runLoad } from "./helpers.ts";

describe("load: many clients, QoS 1, one runtime", () => {
  let broker: Broker;
  beforeAll(async () => {
    await plainHost();
    broker = await startBroker({ extraConfig: "max_queued_messages 0" });
  }, 300_000);
  afterAll(async () => broker?.stop());

  it("5 clients x 3,000 QoS 1 messages: none lost, RSS flat", async () => {
    expectNoLoss(await runLoad(broker.port, 5, 3000, 1, 120), 15_000);
  }, 150_000);

  // With 10 publishes in flight per client, PUBACK and message events outrun the Lua
  // task queue (125 medium-priority slots): the MQTT tasks wait for free slots
  // (deliver's wait=2000) instead of dropping events esp-mqtt already acknowledged.
  it("20 clients x 300 QoS 1 messages, 10 in flight each: none lost", async () => {
    const r = await runLoad(broker.port, 20, 300, 10, 60);
    const why = `${r.stdout}\n${r.stderr.slice(-2000)}`;
    expect(r.code, why).toBe(0);
    expect(r.dropped, why).toBe(0);
    expect(r.lost, why).toBe(0);
    expect(r.failed, why).toBe(0);
    expect(r.acked, why).toBe(6000);
  }, 90_000);
});
