/**
 * Message rates, each against a Mosquitto client on the same broker in the same run:
 *  - QoS 0 receive: a flood of N 100-byte messages from `mosquitto_pub -l`; the
 *    receiver (Lua callback in nodemcu-host, or `mosquitto_sub`) counts arrivals and
 *    timestamps the first and the last; rate = arrivals / (last - first).
 *  - QoS 1 publish: N 100-byte messages published from Lua (20 in flight, the next
 *    from each PUBACK callback: libmosquitto's default max_inflight, which
 *    `mosquitto_pub` uses) or by `mosquitto_pub -l -q 1`; the same observer, a
 *    `mosquitto_sub`, timestamps the first and the last arrival.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { QuietBroker as Broker } from "./broker.ts";
import { alternate, type Paired } from "./stats.ts";
import { mosquittoPub, start } from "./proc.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const luaDir = path.join(here, "lua");

let subs = 0;

/** A `mosquitto_sub` that stops after n messages and prints a %U (Unix time, ns) per message, block-buffered. */
async function timedSub(broker: Broker, topic: string, n: number, qos = 0) {
  const id = `bench-sub-${process.pid}-${subs++}`;
  const sub = start("mosquitto_sub", ["-h", broker.host, "-p", String(broker.port), "-i", id, "-t", topic, "-q", String(qos),
    "-C", String(n), "-W", "60", "-F", "%U"]);
  await broker.subscribed(id);
  return sub;
}

function spanRate(stamps: number[]): number {
  if (stamps.length < 2) return 0;
  return stamps.length / (stamps[stamps.length - 1]! - stamps[0]!);
}

async function subRate(broker: Broker, topic: string, n: number, publish: () => Promise<unknown>, qos = 0): Promise<{ rate: number; count: number }> {
  const sub = await timedSub(broker, topic, n, qos);
  await publish();
  const done = await Promise.race([sub.done, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  if (!done) sub.child.kill("SIGTERM");
  const res = await sub.done;
  const stamps = res.stdout.split("\n").filter((l) => /^\d+\.\d+$/.test(l)).map(Number);
  return { rate: spanRate(stamps), count: stamps.length };
}

export interface RateResult extends Paired { countsA: number[]; dropsA: number[] }

export async function qos0Receive(binary: string, broker: Broker, n: number, runs: number): Promise<RateResult> {
  const countsA: number[] = [], dropsA: number[] = [];
  let k = 0;
  const lua = async () => {
    const topic = `bench/q0/lua/${k++}`;
    const host = start(binary, ["--timeout", "60", "--", path.join(luaDir, "recv.lua"), String(broker.port), topic, String(n)]);
    await host.line(/^ready/);
    await mosquittoPub(broker.port, topic, n, { qos: 0 });
    const line = await host.line(/^done /, 30_000);
    const res = await host.done;
    const [, count, first, last] = line.split(" ").map(Number) as [number, number, number, number];
    countsA.push(count);
    dropsA.push((res.stderr.match(/event dropped/g) ?? []).length);
    return count / ((last - first) / 1e6);
  };
  const sub = async () => {
    const topic = `bench/q0/sub/${k++}`;
    return (await subRate(broker, topic, n, () => mosquittoPub(broker.port, topic, n, { qos: 0 }))).rate;
  };
  const p = await alternate(runs, lua, sub);
  return { ...p, countsA: countsA.slice(-runs), dropsA: dropsA.slice(-runs) };
}

export async function qos1Publish(binary: string, broker: Broker, n: number, runs: number): Promise<Paired> {
  let k = 0;
  const lua = async () => {
    const topic = `bench/q1/lua/${k++}`;
    const r = await subRate(broker, topic, n, async () => {
      const host = start(binary, ["--timeout", "60", "--", path.join(luaDir, "pub.lua"), String(broker.port), topic, String(n), "100", "20"]);
      const res = await host.done;
      if (res.code !== 0) throw new Error(`pub.lua failed (${res.code}):\n${res.stderr}`);
    });
    if (r.count !== n) throw new Error(`QoS 1 from Lua: observer saw ${r.count} of ${n}`);
    return r.rate;
  };
  const pub = async () => {
    const topic = `bench/q1/pub/${k++}`;
    const r = await subRate(broker, topic, n, () => mosquittoPub(broker.port, topic, n, { qos: 1 }));
    if (r.count !== n) throw new Error(`QoS 1 from mosquitto_pub: observer saw ${r.count} of ${n}`);
    return r.rate;
  };
  return alternate(runs, lua, pub);
}
