// Scenario tests (issue 5 part 3): connection failures and their reasons, long
// credentials, refused subscriptions. Lua 5.1 and 5.3; titles name the issue-4 fix.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { dynsecDenyingSubscriptions } from "../helpers/dynsec.ts";
import { freePort } from "../helpers/ports.ts";
import { splitPackets } from "../helpers/relay.ts";
import { LUA_VERSIONS, duplexRelay, prebuild, run, show, silentServer, unique } from "./helpers.ts";

const LONG_USER = "u".repeat(150) + "-user-" + "U".repeat(144); // 300 bytes
const LONG_PASS = "p".repeat(150) + "-pass-" + "P".repeat(144); // 300 bytes

let auth: Broker;
let acl: Broker;
let dynsecDir: string;

beforeAll(async () => {
  dynsecDir = mkdtempSync(path.join(os.tmpdir(), "mqtt-dynsec-"));
  // Mosquitto's acl_file never refuses a subscription (it filters deliveries instead):
  // the dynamic-security plugin is the ACL that answers SUBACK 0x80.
  [auth, acl] = await Promise.all([
    startBroker({ users: { alice: "secret", [LONG_USER]: LONG_PASS } }),
    startBroker({
      allowAnonymous: true,
      // anonymous clients may not subscribe to secret/#: the broker answers SUBACK 0x80
      extraConfig: dynsecDenyingSubscriptions(dynsecDir, "secret"),
    }),
  ]);
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua)));
});

afterAll(async () => {
  await Promise.all([auth?.stop(), acl?.stop()]);
  rmSync(dynsecDir, { recursive: true, force: true });
});

/** The return code of the first CONNACK (packet type 2) in broker->client bytes. */
function connackCode(down: Buffer): number {
  const connack = splitPackets(down).find((p) => p.type === 2);
  if (!connack) throw new Error(`no CONNACK in ${down.toString("hex")}`);
  return connack.body[1];
}

const CONNACK_NAMES: Record<number, string> = {
  1: "mqtt.CONNACK_REFUSED_PROTOCOL_VER",
  2: "mqtt.CONNACK_REFUSED_ID_REJECTED",
  3: "mqtt.CONNACK_REFUSED_SERVER_UNAVAILABLE",
  4: "mqtt.CONNACK_REFUSED_BAD_USER_OR_PASS",
  5: "mqtt.CONNACK_REFUSED_NOT_AUTHORIZED",
};

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("fix 6: the reason constants have the ESP8266 values; the 34-character CONNACK_REFUSED_SERVER_UNAVAILABLE reads 3", async () => {
    const r = await run(lua, "constants", []);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual([
      "CONN_FAIL_SERVER_NOT_FOUND -5 number",
      "CONN_FAIL_NOT_A_CONNACK_MSG -4 number",
      "CONN_FAIL_DNS -3 number",
      "CONN_FAIL_TIMEOUT_RECEIVING -2 number",
      "CONN_FAIL_TIMEOUT_SENDING -1 number",
      "CONN_FAIL_TLS -6 number",
      "CONNACK_ACCEPTED 0 number",
      "CONNACK_REFUSED_PROTOCOL_VER 1 number",
      "CONNACK_REFUSED_ID_REJECTED 2 number",
      "CONNACK_REFUSED_SERVER_UNAVAILABLE 3 number",
      "CONNACK_REFUSED_BAD_USER_OR_PASS 4 number",
      "CONNACK_REFUSED_NOT_AUTHORIZED 5 number",
      "unknown nil",
    ]);
  });

  for (const [what, user, pass] of [
    ["a wrong password", "alice", "wrong"],
    ["an unknown user", "mallory", "secret"],
    ["no credentials on a broker that requires them", "-", "-"],
  ] as const) {
    it.concurrent(`fix 6: ${what} → onFail(client, reason) once, reason = the broker's CONNACK code as its mqtt.CONNACK_* constant`, async () => {
      const relay = await duplexRelay(auth.port);
      try {
        const r = await run(lua, "connect", [auth.host, relay.port, user, pass, unique("badauth", lua)]);
        expect(r.code, show(r)).toBe(0);
        const code = connackCode(relay.connections[0].down);
        expect([4, 5]).toContain(code); // Mosquitto 2 answers 5 (not authorised)
        expect(r.lines).toEqual(["connect-returned true", `fail ${code} ${CONNACK_NAMES[code]} 1`]);
      } finally {
        await relay.close();
      }
    });
  }

  it.concurrent("fix 2: a 300-byte username and a 300-byte password authenticate (nothing truncated)", async () => {
    const r = await run(lua, "connect", [auth.host, auth.port, LONG_USER, LONG_PASS, unique("longcreds", lua)]);
    expect(r.code, show(r)).toBe(0);
    // the callback given to connect() replaces on("connect"): "on-connect" is never printed
    expect(r.lines).toEqual(["connect-returned true", "connected", "offline"]);
    expect(auth.log()).toContain(`u'${LONG_USER}'`);
  });

  it.concurrent("fix 6: nothing listening → onFail with mqtt.CONN_FAIL_SERVER_NOT_FOUND (-5), then the client stops", async () => {
    const port = await freePort();
    const r = await run(lua, "connect", ["127.0.0.1", port], { timeout: 20 });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -5 mqtt.CONN_FAIL_SERVER_NOT_FOUND 1"]);
  });

  it.concurrent("fix 6: a host name that does not resolve → onFail with mqtt.CONN_FAIL_DNS (-3)", async () => {
    const r = await run(lua, "connect", ["no-such-host.invalid", 1883], { timeout: 40 });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "fail -3 mqtt.CONN_FAIL_DNS 1"]);
  });

  // esp-mqtt posts DISCONNECTED without an ERROR event when the CONNACK does not come within
  // network.timeout_ms: the server was found, so this is ESP8266's CONN_FAIL_TIMEOUT_RECEIVING.
  it.concurrent("fix 6: a server that accepts TCP but never sends CONNACK → onFail with mqtt.CONN_FAIL_TIMEOUT_RECEIVING (-2)", async () => {
    const server = await silentServer();
    try {
      // esp-mqtt's network timeout is 10 s
      const r = await run(lua, "connect", ["127.0.0.1", server.port], { timeout: 40 });
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(["connect-returned true", "fail -2 mqtt.CONN_FAIL_TIMEOUT_RECEIVING 1"]);
    } finally {
      await server.close();
    }
  });

  // esp-mqtt v5.1.3's esp_mqtt_check_cfg_conflict() rejects a transport or port next to a URI:
  // with a URI the module must leave both unset.
  it.concurrent("API: connect(\"mqtt://host:port\", onConnect, onFail) connects to a URI", async () => {
    const r = await run(lua, "connect", [`mqtt://127.0.0.1:${acl.port}`, "-", "-", "-", unique("uri", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect-returned true", "connected", "offline"]);
  });

  it.concurrent("fix 5: a subscription refused by the broker's ACL (SUBACK 0x80) gives its callback ok=false, not success", async () => {
    const allowed = `open/${unique("acl", lua)}`;
    const refused = `secret/${unique("acl", lua)}`;
    const relay = await duplexRelay(acl.port);
    try {
      const r = await run(lua, "acl", [acl.host, relay.port, allowed, refused]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual([
        "subscribe-allowed true",
        "suback-allowed true",
        "subscribe-refused true", // the request went out
        "suback-refused false", // the broker said no
        "subscribe-mixed true",
        "suback-mixed false", // one refused filter makes the whole request fail
        "puback true",
        "done",
      ]);
      // the broker really answered 0x80 for the refused filter
      const subacks = splitPackets(relay.connections[0].down).filter((p) => p.type === 9);
      expect(subacks.map((p) => [...p.body.subarray(2)])).toEqual([[1], [0x80], expect.arrayContaining([0x80])]);
    } finally {
      await relay.close();
    }
  });
});
