// Protocol edges (issue 24, items 10-14): test/mqtt/scenarios/edges.lua in
// nodemcu-host under ASan/UBSan, Lua 5.1 and 5.3, against test/helpers/fakebroker.ts
// on loopback, which misbehaves in one way per case. What each case expects is
// what esp-mqtt v5.1.3 does with the same bytes (mqtt_client.c / lib/mqtt_msg.c
// at e6afdb4), or, where libmosquitto cannot follow it, the documented difference.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCerts, type CertFiles } from "../helpers/certs.ts";
import { publishPacket, startFakeBroker, type FakeBroker, type FakeBrokerScript } from "../helpers/fakebroker.ts";
import { LUA_VERSIONS, prebuild, run, show, type Finished } from "./helpers.ts";

const opts = { sanitize: true, timeout: 20 };
const brokers: FakeBroker[] = [];
let certs: CertFiles;

beforeAll(async () => {
  certs = generateCerts(mkdtempSync(path.join(tmpdir(), "edges-certs-")));
  for (const lua of LUA_VERSIONS) await prebuild(lua, opts);
}, 600_000);

afterAll(async () => {
  for (const b of brokers) await b.close();
});

async function against(
  lua: (typeof LUA_VERSIONS)[number],
  script: FakeBrokerScript,
  ms = 800,
  caFile?: string,
): Promise<{ r: Finished; b: FakeBroker }> {
  const b = await startFakeBroker(script);
  brokers.push(b);
  const r = await run(lua, "edges", ["127.0.0.1", b.port, ms, ...(caFile ? [caFile] : [])], opts);
  expect(r.code, show(r)).toBe(0);
  expect(r.stderr, show(r)).not.toMatch(/AddressSanitizer|runtime error|LeakSanitizer/);
  return { r, b };
}

/** The module's line for a dropped connection: names no cause of its own. */
const DROPPED = /E \(\d+\) mqtt: connection dropped: esp-mqtt could not read a packet from the broker \(its error line above says why\)/;

describe.each(LUA_VERSIONS)("protocol edges, Lua %s", (lua) => {
  it("item 10: a second CONNACK on an open connection is ignored, as esp-mqtt does: no second 'connect'", async () => {
    const { r, b } = await against(lua, { afterSuback: [Buffer.from([0x20, 2, 0, 0])] });
    expect(r.lines, show(r)).toEqual(["connect", "suback true", "offline", "done"]);
    // the script's connect callback ran once: one SUBSCRIBE
    expect(b.received[0]!.filter((p) => p.type === 8)).toHaveLength(1);
    // a refusing one: the device skips it too, libmosquitto hangs up (docs/esp-mqtt-host.md), and says so
    const refusing = await against(lua, { afterSuback: [Buffer.from([0x20, 2, 0, 5])] });
    expect(refusing.r.lines, show(refusing.r)).toEqual(["connect", "suback true", "offline", "done"]);
    expect(refusing.r.stderr).toContain("E mqtt_client: (host) libmosquitto dropped the connection at a refusing CONNACK, which esp-mqtt on the device skips");
  });

  // item 11: each malformed packet, the error line that says what was wrong, and the module's line
  it.each([
    ["packet type 0", [Buffer.from([0x00, 0])], /E mqtt_client: mqtt_message_receive: received a message with an invalid header=0x0\n/],
    ["packet type 15", [Buffer.from([0xf0, 0])], /invalid header=0xf0\n/],
    ["PUBLISH QoS 3", [publishPacket("edge/a", "x", 3, 5)], /invalid header=0x36\n/],
    [
      "PUBLISH with packet id 0",
      [publishPacket("edge/a", "x", 1, 0)],
      /E mqtt_client: \(host\) libmosquitto refused a QoS 1\/2 PUBLISH with packet id 0 \(esp-mqtt on the device delivers and acknowledges it\)/,
    ],
    [
      "PUBLISH with an empty topic",
      [publishPacket("", "x", 0)],
      /E mqtt_client: \(host\) libmosquitto refused a PUBLISH with an empty topic \(esp-mqtt on the device delivers it\)/,
    ],
  ] as const)("item 11: %s: dropped, the error line says what was wrong, nothing blames the buffer", async (_name, afterSuback, line) => {
    const { r } = await against(lua, { afterSuback: [...afterSuback] });
    expect(r.lines, show(r)).toEqual(["connect", "suback true", "offline", "done"]);
    expect(r.stderr).toMatch(line);
    expect(r.stderr).toMatch(DROPPED);
    expect(r.stderr).not.toMatch(/BUFFER_SIZE|buffer size/);
  });

  it("items 11, 13 over TLS: the same check on what libmosquitto decrypts (packet type 0, then a clean QoS 2 run)", async () => {
    const script = (after: Buffer[]): FakeBrokerScript => ({
      tls: { cert: certs.pem(certs.serverCert), key: certs.pem(certs.serverKey) },
      afterSuback: after,
    });
    const bad = await against(lua, script([Buffer.from([0x00, 0])]), 1500, certs.caCert);
    expect(bad.r.lines, show(bad.r)).toEqual(["connect", "suback true", "offline", "done"]);
    expect(bad.r.stderr).toMatch(/invalid header=0x0\n/);
    expect(bad.r.stderr).toMatch(DROPPED);
    const good = await against(lua, script([publishPacket("edge/tls", "ok", 2, 3)]), 1500, certs.caCert);
    expect(good.r.lines, show(good.r)).toEqual(["connect", "suback true", "message edge/tls ok", "offline", "done"]);
    expect(good.r.stderr).toBe("");
  });

  it("item 11: a PUBLISH whose remaining length leaves no room for its topic: esp-mqtt's topic error, dropped without an ERROR", async () => {
    const { r } = await against(lua, { afterSuback: [publishPacket("edge/a", "x", 0, 0, 0, 2)] });
    expect(r.lines, show(r)).toEqual(["connect", "suback true", "offline", "done"]);
    expect(r.stderr).toContain("E mqtt_client: deliver_publish: mqtt_get_publish_topic() failed");
    expect(r.stderr).not.toMatch(DROPPED);
  });

  it.each([6, 7, 200, 255])("item 12: CONNACK return code %d reaches 'connfail' as the number itself, with no other line", async (code) => {
    const { r } = await against(lua, { connack: Buffer.from([0x20, 2, 0, code]) });
    expect(r.lines, show(r)).toEqual([`connfail ${code} none`, "done"]);
    expect(r.stderr).toBe("");
  });

  it.each([
    ["CONNACK 0x21", { connack: Buffer.from([0x21, 2, 0, 0]) }, ["connfail -4 mqtt.CONN_FAIL_NOT_A_CONNACK_MSG", "done"], "0x21"],
    ["SUBACK 0x91", { suback: (id: number) => Buffer.from([0x91, 3, id >> 8, id & 0xff, 0]) }, ["connect", "suback false", "offline", "done"], "0x91"],
    ["PUBLISH QoS 0 with DUP", { afterSuback: [publishPacket("edge/a", "x", 0, 0, 8)] }, ["connect", "suback true", "offline", "done"], "0x38"],
  ] as const)("item 13: reserved flag bits (%s) fail the packet, as esp-mqtt's header check does", async (_name, script, lines, header) => {
    const { r } = await against(lua, script as FakeBrokerScript);
    expect(r.lines, show(r)).toEqual(lines);
    expect(r.stderr).toContain(`E mqtt_client: mqtt_message_receive: received a message with an invalid header=${header}\n`);
  });

  it("item 13: where esp-mqtt is lenient the host is too: SUBACK code 0x03 is a success, a CONNACK with a byte too many connects", async () => {
    const sub = await against(lua, { suback: (id) => Buffer.from([0x90, 3, id >> 8, id & 0xff, 3]) });
    expect(sub.r.lines, show(sub.r)).toEqual(["connect", "suback true", "offline", "done"]);
    const long = await against(lua, { connack: Buffer.from([0x20, 3, 0, 0, 0]) });
    expect(long.r.lines, show(long.r)).toEqual(["connect", "suback true", "offline", "done"]);
  });

  it("item 14: a QoS 2 PUBLISH resent with DUP before PUBREL reaches Lua twice (docs/mqtt.md: exactly-once's limit)", async () => {
    // Both copies arrive before the broker's PUBREL. esp-mqtt delivers each at its PUBLISH; the host
    // (libmosquitto) delivers each at its PUBREL: twice either way, the module cannot tell them apart.
    const twice = Buffer.concat([publishPacket("edge/q2", "once", 2, 9), publishPacket("edge/q2", "once", 2, 9, 8)]);
    const { r, b } = await against(lua, { afterSuback: [twice] });
    expect(r.lines, show(r)).toEqual(["connect", "suback true", "message edge/q2 once", "message edge/q2 once", "offline", "done"]);
    expect(b.received[0]!.filter((p) => p.type === 5)).toHaveLength(2); // PUBREC each
    expect(b.received[0]!.filter((p) => p.type === 7)).toHaveLength(2); // PUBCOMP each
    // The host's documented difference (docs/esp-mqtt-host.md): nothing before PUBREL.
    const held = await against(lua, { holdPubrel: true, afterSuback: [twice] });
    expect(held.r.lines, show(held.r)).toEqual(["connect", "suback true", "offline", "done"]);
  });
});
