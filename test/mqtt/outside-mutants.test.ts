// Behaviours no test checked until an outside set of mutants of mqtt.ts survived
// the suite (issue 25, items 1-10; item 11 is faults.test.ts). Each case names the
// item and the mistake it catches. Lua 5.1 and 5.3; ASan/UBSan where memory is involved.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHost } from "../../host/runner/build.ts";
import type { LuaVersion } from "../../host/runner/config.ts";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { generateCerts, type CertFiles } from "../helpers/certs.ts";
import { freePort } from "../helpers/ports.ts";
import { parseConnect, parseSubscribe, splitPackets } from "../helpers/relay.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, SCENARIOS, duplexRelay, linesOf, prebuild, run, show, silentServer, unique } from "./helpers.ts";

let broker: Broker;
let certDir: string;
let certs: CertFiles;

beforeAll(async () => {
  broker = await startBroker();
  certDir = mkdtempSync(path.join(os.tmpdir(), "mqtt-outside-certs-"));
  certs = generateCerts(certDir);
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { sanitize: true })]));
});

afterAll(async () => {
  await broker?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

/** The will (topic, message) of a CONNECT packet, or null when its will flag is clear. */
function willOf(packet: Buffer): { topic: string; message: string } | null {
  const connect = parseConnect(packet);
  if (!connect.willFlag) return null;
  // past the fixed header, the variable header (10 bytes for "MQTT" level 4) and the client id
  let i = 1;
  while (packet[i++] & 0x80);
  i += 2 + packet.readUInt16BE(i) + 4;
  i += 2 + packet.readUInt16BE(i);
  const read = () => {
    const len = packet.readUInt16BE(i);
    const s = packet.subarray(i + 2, i + 2 + len).toString("latin1");
    i += 2 + len;
    return s;
  };
  const topic = read();
  return { topic, message: read() };
}

/**
 * Runs a scenario in a network namespace of its own (unshare -n, loopback up) with Mosquitto
 * listening on 127.0.0.1:1883 and, with TLS, :8883: the default ports, whatever else runs here.
 */
async function runInOwnNetwork(lua: LuaVersion, name: string, args: string[]): Promise<{ code: number | null; lines: string[]; out: string }> {
  const { binary } = await buildHost({ lua });
  const dir = mkdtempSync(path.join(os.tmpdir(), "mqtt-netns-"));
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      `user ${os.userInfo().username}`,
      "allow_anonymous true",
      "per_listener_settings false",
      "listener 1883 127.0.0.1",
      "listener 8883 127.0.0.1",
      `cafile ${certs.caCert}`,
      `certfile ${certs.serverCert}`,
      `keyfile ${certs.serverKey}`,
      "",
    ].join("\n"),
  );
  // bash: /dev/tcp tells when Mosquitto listens; the namespace ends with its last process
  const script = `ip link set lo up || exit 90
mosquitto -c "$1" >"$2/mosquitto.log" 2>&1 & m=$!
for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8883) 2>/dev/null && break; sleep 0.05; done
"$3" --timeout 30 -- "$4" "\${@:5}"; rc=$?
kill $m; wait $m; exit $rc`;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn("unshare", ["-n", "bash", "-c", script, "netns", conf, dir, binary, path.join(SCENARIOS, `${name}.lua`), ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.stderr.on("data", (d: Buffer) => (out += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out, lines: out.split("\n").filter((l) => l !== "") }));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  // esp-mqtt puts each filter's own QoS in the packet; the host port sends through libmosquitto, which
  // takes one QoS per packet, the highest of the list (docs/esp-mqtt-host.md): what the module passes
  // for each filter shows as that highest one, per packet
  it.concurrent("item 1 and 10: a table subscribe asks each filter's QoS in one SUBSCRIBE ({a = 0, c = 2} asks 2 for c); a client made without cleansession sends CONNECT with the clean-session flag", async () => {
    const id = unique("wire", lua);
    const topic = `wire/${id}`;
    const relay = await duplexRelay(broker.port);
    try {
      const r = await run(lua, "wire", [broker.host, relay.port, id, topic]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines, show(r)).toEqual(["connected", "suback 1 true", "suback 2 true", "suback 3 true"]);
      const up = relay.connections[0]!.up;
      const connect = parseConnect(up);
      expect(connect.clientId).toBe(id);
      expect(connect.cleanSession).toBe(true);
      const asked = splitPackets(up)
        .filter((p) => p.type === 8)
        .map((p) => Object.fromEntries(parseSubscribe(p.body).topics.map((t) => [t.filter, t.qos])));
      expect(asked).toHaveLength(3);
      expect(asked[0]![`${topic}/a/q2`]).toBe(2);
      expect(Object.keys(asked[0]!).sort()).toEqual([`${topic}/a/q0`, `${topic}/a/q2`]);
      expect(asked[1]![`${topic}/b/q1`]).toBe(1);
      expect(Object.keys(asked[1]!).sort()).toEqual([`${topic}/b/q0`, `${topic}/b/q1`]);
      expect(asked[2]).toEqual({ [`${topic}/c/q0`]: 0 });
    } finally {
      await relay.close();
    }
  });

  it.concurrent("item 2: a topic longer than max_message_length goes to \"overflow\" with an empty start, nothing read past the message (ASan/UBSan)", async () => {
    const r = await run(lua, "overflowtopic", [broker.host, broker.port, unique("ovt", lua)], { sanitize: true });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["overflow true 0"]);
    expect(sanitizerReports(r.stderr), show(r)).toEqual([]);
  });

  it.concurrent("item 3: a client id, an LWT topic and a publish topic of exactly 65535 bytes are accepted; the client connects", async () => {
    const r = await run(lua, "edgelimits", [broker.host, broker.port, unique("edge", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["Client(65535-byte id) ok", "lwt(65535-byte topic) ok", "publish(65535-byte topic) ok", "connected"]);
  });

  it.concurrent("item 4: lwt() whose message is too long raises and leaves the will set before in place (CONNECT carries the first will)", async () => {
    const prefix = unique("lwtatomic", lua);
    const relay = await duplexRelay(broker.port);
    try {
      const r = await run(lua, "lwtatomic", [broker.host, relay.port, prefix]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines, show(r)).toEqual(["lwt(other, 65536-byte message) error lwt: the message must be at most 65535 bytes", "connected"]);
      const up = relay.connections[0]!.up;
      expect(willOf(up)).toEqual({ topic: `${prefix}/first`, message: "first will" });
      expect(parseConnect(up).willQos).toBe(1);
      expect(parseConnect(up).willRetain).toBe(false);
    } finally {
      await relay.close();
    }
  });

  it.concurrent("item 5: after a connection and close(), a connect() to a port where nothing listens fires \"connfail\"", async () => {
    const dead = await freePort();
    const r = await run(lua, "failafterclose", [broker.host, broker.port, dead, unique("fac", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["connected", "offline", "connect-again true", "connfail -5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"]);
  });

  it.concurrent("item 6: ESP8266-style unsubscribe({a, b, c}) without a callback fires \"unsuback\" exactly once", async () => {
    const r = await run(lua, "unsubonce", [broker.host, broker.port, `unsubonce/${unique("u", lua)}`]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["unsubscribe true", "unsuback true", "unsubacks 1"]);
  });

  it.concurrent("item 7: connect(host) without a port uses 1883, and 8883 with TLS (own network namespace, Mosquitto on both)", async () => {
    const plain = await runInOwnNetwork(lua, "defaultport", ["plain"]);
    expect(plain.code, plain.out).toBe(0);
    expect(plain.lines, plain.out).toEqual(["connected plain"]);
    const tls = await runInOwnNetwork(lua, "defaultport", ["tls", certs.caCert]);
    expect(tls.code, tls.out).toBe(0);
    expect(tls.lines, tls.out).toEqual(["connected tls"]);
  });

  it.concurrent("item 8: close() while the connection is being set up fires no \"offline\" (nor \"connfail\")", async () => {
    const silent = await silentServer();
    try {
      const r = await run(lua, "closeconnecting", [broker.host, silent.port]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines, show(r)).toEqual(["connect true", "close-at-once true", "connect true", "close-later true", "done"]);
    } finally {
      await silent.close();
    }
  });

  it.concurrent("item 9: callbacks of 100 acknowledged QoS 1 publishes leave no ref in the registry; a client its callback captured is collected (ASan/LSan)", async () => {
    const r = await run(lua, "refs", [broker.host, broker.port, `refs/${unique("r", lua)}`], { sanitize: true });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["acked 100", "extra-function-refs 0", "capturing-callback true", "capturing-client-collected true"]);
    expect(linesOf(r.lines, "never")).toEqual([]);
    expect(sanitizerReports(r.stderr), show(r)).toEqual([]);
  });
});
