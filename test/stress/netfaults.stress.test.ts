/**
 * Network faults, long form: 30 s of 200 ms ± 100 ms latency, 30 s capped at
 * 400 B/s, and longer QoS 1 / QoS 2 streams across a 10 s stall and three
 * cuts. The short form is test/interop/netfaults.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep } from "../helpers/ports.ts";
import { prebuild } from "../mqtt/helpers.ts";
import { describeFigures, expectNoneLost, stallAndThreeCuts, streamAcrossFaults } from "../interop/netfaults.ts";
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

  it("30 s capped at 400 B/s each way, QoS 1: nothing lost, throughput reported", async () => {
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
