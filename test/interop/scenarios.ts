/**
 * The module's core scenarios, run against any broker of the matrix: each Lua
 * scenario runs in nodemcu-host (test/mqtt/helpers.ts), the test checks its
 * output and what went over the wire against the broker's profile
 * (profiles.ts) and returns the figures for docs/brokers.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { LuaVersion } from "../../host/runner/config.ts";
import { publish, subscribe } from "../helpers/clients.ts";
import { INTEROP_PASSWORD, INTEROP_USER, REFUSED_PREFIX, type InteropBroker } from "../helpers/interop-broker.ts";
import { parseSubscribe, splitPackets } from "../helpers/relay.ts";
import { binaryBytes, duplexRelay, linesOf, run, show, start, unique } from "../mqtt/helpers.ts";
import { own } from "./own-lua.ts";
import type { Profile, ScenarioName } from "./profiles.ts";


export interface Context {
  broker: InteropBroker;
  profile: Profile;
  lua: LuaVersion;
}

/** One scenario: asserts, and returns what it observed in a few words. */
export type Scenario = (ctx: Context) => Promise<string>;

const CONNACK_NAMES: Record<number, string> = {
  4: "mqtt.CONNACK_REFUSED_BAD_USER_OR_PASS",
  5: "mqtt.CONNACK_REFUSED_NOT_AUTHORIZED",
};

async function connectClose({ broker, lua }: Context): Promise<string> {
  const r = await run(lua, "connect", [broker.host, broker.port, "-", "-", unique("cc", lua)]);
  expect(r.code, show(r)).toBe(0);
  expect(r.lines.filter((l) => l !== "on-connect"), show(r)).toEqual(["connect-returned true", "connected", "offline"]);
  return "connected, closed: \"offline\" once";
}

async function roundTrips({ broker, profile, lua }: Context): Promise<string> {
  const prefix = unique("rt", lua);
  const relay = await duplexRelay(broker.port);
  try {
    const r = await run(lua, "roundtrip", [broker.host, relay.port, prefix]);
    expect(r.code, show(r)).toBe(0);
    const pubrec = profile.qos2PublishAck === "pubrec";
    for (const q of [0, 1, 2]) {
      expect(r.lines, show(r)).toContain(`suback ${q} true`);
      expect(r.lines.filter((l) => l === `puback ${q} true`), show(r)).toHaveLength(q < 2 || pubrec ? 1 : 0);
      // a QoS 2 publish the host never completes (PUBACK instead of PUBREC) calls back false once, on the drop
      if (q === 2 && !pubrec) expect(r.lines.filter((l) => l === "puback 2 false"), show(r)).toHaveLength(1);
      // without PUBREC the host drops the connection, maybe before the QoS 2 message comes back
      const copies = r.lines.filter((l) => l === `message ${prefix}/q${q} payload-${q}`).length;
      if (q < 2 || pubrec) expect(copies, show(r)).toBe(1);
      else expect(copies, show(r)).toBeLessThanOrEqual(1);
    }
    // without PUBREC the script ends only if the QoS 2 message came back before the drop
    if (pubrec) expect(r.lines, show(r)).toContain("done");
    // what the broker granted (SUBACK) and at which QoS it delivered each message (PUBLISH flags)
    const up = relay.connections.flatMap((c) => splitPackets(c.up));
    const down = relay.connections.flatMap((c) => splitPackets(c.down));
    const requested = new Map(up.filter((p) => p.type === 8).map((p) => {
      const s = parseSubscribe(p.body);
      return [s.msgId, s.topics[0].qos] as const;
    }));
    const granted = [0, 0, 0];
    for (const p of down.filter((p) => p.type === 9)) granted[requested.get(p.body.readUInt16BE(0))!] = p.body[2];
    const delivered = [0, 1, 2].map((q) => {
      const pub = down.find((p) => p.type === 3 && p.body.subarray(2, 2 + p.body.readUInt16BE(0)).toString() === `${prefix}/q${q}`);
      return pub ? (pub.flags >> 1) & 3 : -1;
    });
    const q2 = up.find((p) => p.type === 3 && ((p.flags >> 1) & 3) === 2);
    const q2ack = down.find((p) => (p.type === 4 || p.type === 5) && q2 && p.body.readUInt16BE(0) === q2.body.readUInt16BE(2 + q2.body.readUInt16BE(0)));
    expect(q2ack?.type).toBe(pubrec ? 5 : 4);
    expect(granted).toEqual(profile.granted);
    const expectedQos = [0, 1, 2].map((q) => Math.min(q, profile.granted[q]));
    if (!pubrec && delivered[2] === -1) expectedQos[2] = -1; // dropped before it came back
    expect(delivered).toEqual(expectedQos);
    const acks = pubrec ? "QoS 2 publish answered PUBREC" : "QoS 2 publish answered PUBACK: host drops the connection";
    return `granted ${granted.join("/")}, delivered at QoS ${delivered.join("/")}, subscribe callbacks ok=true; ${acks}`;
  } finally {
    await relay.close();
  }
}

async function retainedWildcard({ broker, profile, lua }: Context): Promise<string> {
  const prefix = unique("ret", lua);
  const r = await run(lua, "retained", [broker.host, broker.port, prefix]);
  expect(r.code, show(r)).toBe(0);
  expect(r.lines).toContain("suback true");
  const late = `message ${prefix}/not-kept not-kept`;
  const all = [...new Set(linesOf(r.lines, "message"))]; // QoS 1: copies allowed
  const got = all.filter((l) => !(profile.acksBeforeRouting && l === late)).sort();
  const expected = profile.retainedToWildcards
    ? [`message ${prefix}/kept-boolean kept-true`, `message ${prefix}/kept-number kept-1`]
    : [];
  expect(got, show(r)).toEqual(expected);
  // clear them (an empty retained message) so later runs start clean
  await Promise.all(["kept-number", "kept-boolean"].map((t) => publish(broker, `${prefix}/${t}`, "", { qos: 1, retain: true })));
  const lateText = all.includes(late) ? "the retain 0 message published just before subscribing came too" : "retain 0 not kept";
  return `${got.length} of 2 retained messages on ${prefix.split("-")[0]}/#; ${lateText}`;
}

async function retainedExact({ broker, lua }: Context): Promise<string> {
  const topic = `${unique("retx", lua)}/kept`;
  const r = await run(lua, own("retained-exact"), [broker.host, broker.port, unique("retx-c", lua), topic]);
  expect(r.code, show(r)).toBe(0);
  // QoS 1 is at least once: a copy is allowed (aedes, loaded, once sent the live and the retained copy)
  const copies = linesOf(r.lines, "message");
  expect(new Set(copies), show(r)).toEqual(new Set([`message ${topic} kept`]));
  expect(r.lines.filter((l) => !l.startsWith("message ")), show(r)).toEqual(["puback true", "suback true", "done"]);
  await publish(broker, topic, "", { qos: 1, retain: true });
  return `retained message delivered to a later subscription (${copies.length === 1 ? "once" : `${copies.length} copies`})`;
}

async function lwt({ broker, lua }: Context): Promise<string> {
  const id = unique("lwt", lua);
  const topic = `will/${id}`;
  const watcher = subscribe(broker, topic, { qos: 1 });
  try {
    await watcher.ready;
    const live = await start(lua, "lwt", [broker.host, broker.port, id, topic, 1, 0, 40], { timeout: 60 });
    await live.waitFor(/^connected$/);
    live.kill("SIGKILL");
    const [will] = await watcher.waitFor(1, 20_000);
    expect(will.payload.equals(binaryBytes(40))).toBe(true);
    expect(will.qos).toBe(1);
    expect(will.retain).toBe(false);
    return "will (40 binary bytes, QoS 1) delivered after SIGKILL";
  } finally {
    await watcher.stop();
  }
}

async function badCredentials({ broker, profile, lua }: Context): Promise<string> {
  const relay = await duplexRelay(broker.port);
  try {
    const bad = await run(lua, "connect", [broker.host, relay.port, INTEROP_USER, "wrong", unique("badpw", lua)]);
    expect(bad.code, show(bad)).toBe(0);
    const code = profile.badPasswordCode;
    expect(linesOf(bad.lines, "fail"), show(bad)).toEqual([`fail ${code} ${CONNACK_NAMES[code]} 1`]);
    const connack = splitPackets(relay.connections[0].down).find((p) => p.type === 2);
    expect(connack?.body[1]).toBe(code);
    const good = await run(lua, "connect", [broker.host, broker.port, INTEROP_USER, INTEROP_PASSWORD, unique("goodpw", lua)]);
    expect(good.lines, show(good)).toContain("connected");
    return `wrong password: CONNACK ${code}, fail callback gets ${code} (${CONNACK_NAMES[code]}); right one connects`;
  } finally {
    await relay.close();
  }
}

async function refusedSubscription({ broker, profile, lua }: Context): Promise<string> {
  const id = unique("refused", lua);
  const relay = await duplexRelay(broker.port);
  try {
    const r = await run(lua, own("refused"), [broker.host, relay.port, id, `open/${id}`, `${REFUSED_PREFIX}/${id}`], { timeout: 30 });
    expect(r.code, show(r)).toBe(0);
    const subacks = relay.connections.flatMap((c) => splitPackets(c.down)).filter((p) => p.type === 9);
    if (profile.refusedSubscription === "suback-0x80") {
      expect(r.lines, show(r)).toEqual(["suback-allowed true", "suback-refused false", "puback true", "done"]);
      expect(subacks.map((p) => p.body[2])).toEqual([1, 0x80]);
      return "SUBACK 0x80: callback ok=false, connection still usable";
    }
    // the subscribe in flight fails with the connection (issue 16), before "offline"; its callback's
    // publish is then never acknowledged either: without autoreconnect it fails too
    expect(r.lines, show(r)).toEqual(["suback-allowed true", "suback-refused false", "offline", "puback false", "done"]);
    expect(subacks.map((p) => p.body[2])).toEqual([1]);
    return "connection closed (no SUBACK): the subscribe calls back ok=false, then \"offline\"";
  } finally {
    await relay.close();
  }
}

async function tableSubscribe({ broker, profile, lua }: Context): Promise<string> {
  const prefix = unique("subtable", lua);
  const relay = await duplexRelay(broker.port);
  let r;
  try {
    r = await run(lua, "subtable", [broker.host, relay.port, prefix]);
  } finally {
    await relay.close();
  }
  expect(r.code, show(r)).toBe(0);
  // one SUBSCRIBE for {a = 0, b = 1, c = 2}: the grants in filter order
  const sub = splitPackets(relay.connections[0].up).find((p) => p.type === 8)!;
  const suback = splitPackets(relay.connections[0].down).find((p) => p.type === 9)!;
  const requested = parseSubscribe(sub.body).topics.map((t) => t.qos);
  const granted = [...suback.body.subarray(2)];
  expect(granted).toEqual(requested.map((q) => profile.granted[q]));
  for (const l of ["suback true", "unsubscribe-table true", "unsuback-table true", "unsubscribe-single true", "unsuback-single true"]) {
    expect(r.lines, show(r)).toContain(l);
  }
  expect(linesOf(r.lines, "message").sort(), show(r)).toEqual([`message ${prefix}/a first`, `message ${prefix}/b first`, `message ${prefix}/c first`]);
  expect(linesOf(r.lines, "received")).toEqual(["received 3", "received 3"]);
  return `3 filters in one SUBSCRIBE (QoS ${requested.join("/")} granted ${granted.join("/")}), all delivered; none after unsubscribing (table and single)`;
}

async function bigMessage({ broker, lua }: Context): Promise<string> {
  const prefix = unique("big", lua);
  const outdir = mkdtempSync(path.join(os.tmpdir(), "mqtt-interop-big-"));
  const echo = subscribe(broker, `${prefix}/echo`, { qos: 1 });
  try {
    await echo.ready;
    const live = await start(lua, "bigmsg", [broker.host, broker.port, prefix, outdir], { timeout: 60 });
    await live.waitFor(/^subscribed true$/);
    const sizes = [5000, 64 * 1024];
    for (const n of sizes) await publish(broker, `${prefix}/big`, binaryBytes(n), { qos: 1 });
    await publish(broker, `${prefix}/big`, "end", { qos: 1 });
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    expect(linesOf(r.lines, "message")).toEqual([...sizes.map((n, i) => `message ${i + 1} ${prefix}/big ${n}`), `message 3 ${prefix}/big 3`]);
    sizes.forEach((n, i) => expect(readFileSync(path.join(outdir, `${i + 1}.bin`)).equals(binaryBytes(n))).toBe(true));
    expect(r.lines).toContain("echo-puback true");
    const [echoed] = await echo.waitFor(1, 20_000);
    expect(echoed.payload.equals(binaryBytes(200 * 1024))).toBe(true);
    expect(existsSync(path.join(outdir, "4.bin"))).toBe(false);
    return "5000 B and 64 KiB received whole (1024-byte buffer); 200 KiB published from Lua";
  } finally {
    await echo.stop();
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const SCENARIOS: Array<[ScenarioName, Scenario]> = [
  ["connect/close", connectClose],
  ["QoS 0/1/2 round trips", roundTrips],
  ["retained (wildcard subscription)", retainedWildcard],
  ["retained (exact topic)", retainedExact],
  ["LWT on a killed client", lwt],
  ["bad credentials", badCredentials],
  ["refused subscription", refusedSubscription],
  ["table subscribe/unsubscribe", tableSubscribe],
  ["message larger than the receive buffer", bigMessage],
];

export const RESTART_SCENARIO: ScenarioName = "autoreconnect after broker restart, cleansession=0";

/**
 * persist.lua under each Lua version at once against one broker, restarted
 * once: QoS 1 messages before, during (queued for the session) and after the
 * restart, plus one published from Lua while offline: none lost.
 */
export async function restartPersistent(broker: InteropBroker, luas: LuaVersion[]): Promise<Map<LuaVersion, string>> {
  const runs = await Promise.all(
    luas.map(async (lua) => {
      const id = unique("persist", lua);
      const prefix = `persist/${id}`;
      const live = await start(lua, "persist", [broker.host, broker.port, id, prefix, 7], { timeout: 150 });
      await live.waitFor(/^subscribed true$/, 30_000);
      return { lua, live, send: (p: string) => publish(broker, `${prefix}/in`, p, { qos: 1 }) };
    }),
  );
  for (const { send, live } of runs) {
    await send("m1");
    await send("m2");
    await live.waitFor(/^message m2$/, 20_000);
  }
  const t0 = Date.now();
  await broker.restart();
  const restartMs = Date.now() - t0;
  // the clients are away (esp-mqtt's 10 s reconnect_timeout_ms): these wait in their sessions
  for (const { send, live } of runs) {
    await live.waitFor(/^offline 1$/);
    await send("m3");
    await send("m4");
  }
  const out = new Map<LuaVersion, string>();
  for (const { lua, send, live } of runs) {
    await live.waitFor(/^connect 2$/, 90_000);
    await send("m5");
    await send("m6");
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    const payloads = new Set(linesOf(r.lines, "message").map((l) => l.slice("message ".length)));
    expect([...payloads].sort(), show(r)).toEqual(["from-lua-offline", "m1", "m2", "m3", "m4", "m5", "m6"]);
    expect(r.lines).toContain("puback-offline true");
    const dups = linesOf(r.lines, "message").length - payloads.size;
    const offlines = linesOf(r.lines, "offline").length;
    out.set(lua, `restart took ${(restartMs / 1000).toFixed(1)} s; 7/7 QoS 1 messages (${dups} duplicates), "offline" ${offlines}x before reconnecting`);
  }
  return out;
}
