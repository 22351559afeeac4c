/**
 * Network faults, short form (issue 15 item 2): a Lua client reaches Mosquitto
 * through the fault proxy. Silent links are noticed by the keepalive within
 * 1.5 x K + 1 s and autoreconnect resumes; QoS 1 and 2 streams both ways
 * survive a 10 s stall and three cuts; a slow, jittery link and a throughput
 * cap lose nothing. Every figure is printed. The long form is
 * test/stress/netfaults.stress.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sleep } from "../helpers/ports.ts";
import { prebuild } from "../mqtt/helpers.ts";
import { describeFigures, expectNoneLost, offlineDetection, stallAndThreeCuts, streamAcrossFaults } from "./netfaults.ts";

const LUA = "5.3" as const;
/** every figure printed, for docs/brokers.md */
const printed: string[] = [];
const report = (line: string) => {
  printed.push(line);
  console.log(line);
};
const K = 5;

beforeAll(async () => {
  await prebuild(LUA);
});

describe.concurrent("link faults: noticed, then autoreconnect", () => {
  for (const fault of ["half-open", "stall"] as const) {
    it(`${fault} link, keepalive ${K}: "offline" within 1.5 x K + 1 s, then autoreconnect connects again`, async () => {
      const f = await offlineDetection(LUA, fault, K);
      report(`${fault}: offline after ${f.detectSeconds.toFixed(1)} s (bound ${1.5 * K + 1} s), connected again after ${f.reconnectSeconds.toFixed(1)} s`);
      expect(f.detectSeconds).toBeLessThanOrEqual(1.5 * K + 1);
      // esp-mqtt v5.1.3 gives up K s after the last PINGRESP at the latest (+ the host task's 1 s loop)
      expect(f.detectSeconds).toBeLessThanOrEqual(K + 1.5);
      // then esp-mqtt's reconnect_timeout_ms, 10 s
      expect(f.reconnectSeconds - f.detectSeconds).toBeGreaterThanOrEqual(9.5);
      expect(f.lines).toEqual(["connect 1", "offline 1", "connect 2", "done"]);
    });
  }

  it("cut with RST: \"offline\" at once, then autoreconnect connects again", async () => {
    const f = await offlineDetection(LUA, "cut", K);
    report(`cut: offline after ${f.detectSeconds.toFixed(1)} s, connected again after ${f.reconnectSeconds.toFixed(1)} s`);
    expect(f.detectSeconds).toBeLessThan(2);
    // esp-mqtt's reconnect_timeout_ms (10 s) after the loss, not sooner
    expect(f.reconnectSeconds).toBeGreaterThanOrEqual(9.5);
    expect(f.reconnectSeconds).toBeLessThan(15);
    expect(f.lines).toEqual(["connect 1", "offline 1", "connect 2", "done"]);
  });
});

describe.concurrent("message streams across link faults (cleansession = 0, autoreconnect)", () => {
  for (const qos of [1, 2] as const) {
    it(`QoS ${qos} both ways across a 10 s stall and three cuts: none lost${qos === 2 ? ", none duplicated" : " (duplicates counted)"}`, async () => {
      const { figures } = await streamAcrossFaults({ lua: LUA, qos, n: 450, intervalMs: 100, keepalive: 30, faults: stallAndThreeCuts, timeout: 150 });
      report(describeFigures("10 s stall + 3 cuts", figures));
      expectNoneLost(figures);
      expect(figures.link.cuts).toBeGreaterThanOrEqual(3);
      expect(figures.connects).toBe(4);
    }, 240_000);
  }

  it("8 s of 200 ms ± 100 ms latency, then 8 s capped at 400 B/s each way, QoS 1: nothing lost, the cap holds, throughput reported", async () => {
    const RATE = 400;
    let capped = { bytes: 0, seconds: 0 };
    const { figures } = await streamAcrossFaults({
      lua: LUA, qos: 1, n: 400, intervalMs: 40, keepalive: 30, timeout: 120,
      faults: async (link) => {
        link.setLatency(200, 100);
        await sleep(8000);
        link.setLatency(0);
        link.setRate(RATE);
        const before = link.stats();
        const t0 = Date.now();
        await sleep(8000);
        const after = link.stats();
        capped = { bytes: after.bytesUp - before.bytesUp, seconds: (Date.now() - t0) / 1000 };
        link.setRate(0);
      },
    });
    report(describeFigures("latency 200±100 ms, then capped", figures));
    report(`capped at ${RATE} B/s: ${capped.bytes} B up in ${capped.seconds.toFixed(1)} s = ${(capped.bytes / capped.seconds).toFixed(0)} B/s`);
    expectNoneLost(figures);
    expect(figures.connects).toBe(1);
    // the cap bit: less went through than was offered, and no more than the cap allows (+ one chunk)
    expect(capped.bytes).toBeLessThanOrEqual(RATE * capped.seconds + 600);
  }, 240_000);
});
