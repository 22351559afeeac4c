// Issue 25, item 11: transport errors loopback cannot produce (ETIMEDOUT, EHOSTUNREACH,
// ...) injected by the host esp-mqtt's fault hook HOST_MQTT_FAULT_CONNECT_ERRNO
// (docs/esp-mqtt-host.md): each connect fails as a socket connect with that errno
// would, and "connfail" gets the reason docs/mqtt.md ("Reasons") gives. Lua 5.1 and 5.3.
import { constants } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { LUA_VERSIONS, prebuild, run, show } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua)));
});

afterAll(async () => {
  await broker?.stop();
});

// errno -> the reason docs/mqtt.md documents for it
const MAPPINGS: Array<[keyof typeof constants.errno, string]> = [
  ["ETIMEDOUT", "-2 mqtt.CONN_FAIL_TIMEOUT_RECEIVING"],
  ["ECONNREFUSED", "-5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"],
  ["EHOSTUNREACH", "-5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"],
  // "another socket error": esp-tls reports its failed connect with the errno
  ["ENETUNREACH", "-5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"],
  ["ECONNRESET", "-5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"],
];

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  for (const [name, reason] of MAPPINGS) {
    it.concurrent(`${name} while connecting: connfail ${reason}`, async () => {
      // the broker listens: without the hook the client would connect
      const r = await run(lua, "reasons", [broker.host, 30, broker.port], { env: { HOST_MQTT_FAULT_CONNECT_ERRNO: String(constants.errno[name]) } });
      expect(r.code, show(r)).toBe(0);
      expect(r.lines, show(r)).toEqual([`fail 1 ${reason}`, "done"]);
    });
  }

  it.concurrent("without the hook the same run connects (the hook is what failed it)", async () => {
    const r = await run(lua, "reasons", [broker.host, 30, broker.port], { env: { HOST_MQTT_FAULT_CONNECT_ERRNO: "0" } });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["connected 1", "done"]);
  });
});
