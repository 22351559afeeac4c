/**
 * Load, full size: 20 clients x 5,000 QoS 1 messages in one runtime, each
 * published from the previous one's PUBACK callback and received back through
 * a QoS 1 subscription: none lost; RSS grows < 5% between the end of the
 * second thousand and the end.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { expectNoLoss, plainHost, runLoad } from "../reliability/helpers.ts";

describe("stress load: 20 clients x 5,000 QoS 1 messages", () => {
  let broker: Broker;
  beforeAll(async () => {
    await plainHost();
    broker = await startBroker({ extraConfig: "max_queued_messages 0" });
  }, 300_000);
  afterAll(async () => broker?.stop());

  it("none lost, RSS flat", async () => {
    const r = await runLoad(broker.port, 20, 5000, 1, 600);
    expectNoLoss(r, 100_000);
    console.log(`load: ${r.stdout.trim().split("\n").join("; ")}`);
  }, 700_000);
});
