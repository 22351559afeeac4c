/**
 * Network faults, long form: 30 s of 200 ms ± 100 ms latency, 30 s capped at
 * 400 B/s, and longer QoS 1 / QoS 2 streams across a 10 s stall and three
 * cuts. The short form is test/interop/netfaults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep } from "../helpers/ports.ts";
import { prebuild } from "../mqtt/helpers.ts";
import { describeFigures, expectNoneLost, expectOneCallbackEach, stallAndThreeCuts, streamAcrossFaults } from "../interop/netfaults.ts";
import { writeNetfaults } from "../interop/report.ts";

const LUA = "5.3" as const;
/** every figure printed, for docs/brokers.md */
const printed: string[] = [];
const report = (line: string) => {
  printed.push(line);
  console.log(line);
};

beforeAll(async () => {
  await prebuild(LUA);
});

afterAll(() => {
  // only a full run (every test printed its figures) replaces the last one
  if (printed.length >= 4) writeNetfaults("long", printed);
});

describe("stress: message streams across link faults (cleansession = 0, autoreconnect)", () => {
  it("30 s of 200 ms ± 100 ms latency, QoS 1 both ways: nothing lost, throughput reported", async () => {
    const { figures } = await streamAcrossFaults({
      lua: LUA, qos: 1, n: 1500, intervalMs: 20, keepalive: 30, timeout: 180,
      faults: async (link) => {
        link.setLatency(200, 100);
        await sleep(30_000);
        link.setLatency(0);
      },
    });
    report(describeFigures("30 s latency 200±100 ms", figures));
    expectNoneLost(figures);
    expect(figures.connects).toBe(1);
  }, 400_000);

  // Most publishes wait longer than esp-mqtt's 30 s outbox expiry here: esp-mqtt drops them (MQTT_EVENT_DELETED)
  // and their callbacks get false; the host's libmosquitto still delivers them (docs/esp-mqtt-host.md).
  // Issue 26: without CONFIG_MQTT_REPORT_DELETED_MESSAGES about 300 callbacks never fired.
  it("30 s capped at 400 B/s each way, QoS 1: nothing lost, one callback per publish, throughput reported", async () => {
    const { figures } = await streamAcrossFaults({
      lua: LUA, qos: 1, n: 1000, intervalMs: 30, keepalive: 30, timeout: 180,
      faults: async (link) => {
        link.setRate(400);
        await sleep(30_000);
        link.setRate(0);
      },
    });
    report(describeFigures("30 s at 400 B/s", figures));
    expectNoneLost(figures);
    expect(figures.callbacks.failed, "publishes esp-mqtt expired after 30 s in its outbox").toBeGreaterThan(0);
  }, 400_000);

  for (const qos of [1, 2] as const) {
    it(`QoS ${qos}, 1,500 messages each way across a 10 s stall and three cuts: none lost${qos === 2 ? ", none duplicated" : ""}`, async () => {
      const { figures } = await streamAcrossFaults({ lua: LUA, qos, n: 1500, intervalMs: 40, keepalive: 30, faults: stallAndThreeCuts, timeout: 240 });
      report(describeFigures("10 s stall + 3 cuts", figures));
      expectNoneLost(figures);
      expect(figures.link.cuts).toBeGreaterThanOrEqual(3);
    }, 400_000);
  }
});

// Issue 26, item 3: the one-callback-per-publish promise without the broker's help: a clean session
// (the broker forgets everything at each reconnect) and a broker that drops a session's queued
// messages past 20. Messages may be lost here by MQTT's own rules, so only the callbacks are asserted:
// a QoS 2 PUBLISH whose PUBREC came before a cut is completed by PUBREL in the next, clean, session,
// which no longer holds it (PUBCOMP, callback true, message gone); and the limit applies to the
// observing mosquitto_sub as well, which drops copies when it lags.
describe("stress: one publish callback per publish, clean sessions and broker queue limits", () => {
  for (const qos of [1, 2] as const) {
    for (const [label, extra] of [
      ["cleansession = 1", { cleanSession: true }],
      ["cleansession = 0, broker queue limit 20", { brokerQueueLimit: 20 }],
    ] as const) {
      it(`QoS ${qos}, ${label}, 1,200 messages across a 10 s stall and three cuts`, async () => {
        const { figures } = await streamAcrossFaults({
          lua: LUA, qos, n: 1200, intervalMs: 50, keepalive: 30, faults: stallAndThreeCuts, timeout: 240, waitDown: false, ...extra,
        });
        report(describeFigures(`10 s stall + 3 cuts, ${label}`, figures));
        expectOneCallbackEach(figures);
        expect(figures.refused).toBe(0);
        expect(figures.link.cuts).toBeGreaterThanOrEqual(3);
      }, 400_000);
    }
  }
});
