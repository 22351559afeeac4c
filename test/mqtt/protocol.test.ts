// Scenario tests (issue 5 part 3): the CONNECT packet on the wire, read through a
// loopback relay: MQTT 3.1.1 by default, 3.1 when built with CONFIG_MQTT_PROTOCOL_311=n;
// client id, keepalive, clean session and credentials as given. Lua 5.1 and 5.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { parseConnect, tcpRelay } from "../helpers/relay.ts";
import { LUA_VERSIONS, prebuild, run, show, unique } from "./helpers.ts";
import type { LuaVersion } from "../../host/runner/config.ts";

const V31 = { MQTT_PROTOCOL_311: "n" };

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker({ users: { [longName("user")]: longName("pass") }, allowAnonymous: true });
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { config: V31 })]));
});

afterAll(async () => {
  await broker?.stop();
});

function longName(tag: string): string {
  return (tag + "-").repeat(100).slice(0, 300);
}

async function connectThroughRelay(lua: LuaVersion, args: Array<string | number>, config?: Record<string, string>) {
  const relay = await tcpRelay(broker.port);
  try {
    const r = await run(lua, "protocol", [broker.host, relay.port, ...args], { config });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toEqual(["connected"]);
    return parseConnect(relay.firstBytes());
  } finally {
    await relay.close();
  }
}

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("API: the default build speaks MQTT 3.1.1 (CONNECT protocol \"MQTT\", level 4)", async () => {
    const id = unique("v311", lua);
    const connect = await connectThroughRelay(lua, [id, 42, 1]);
    expect(connect.protocolName).toBe("MQTT");
    expect(connect.protocolLevel).toBe(4);
    expect(connect.clientId).toBe(id);
    expect(connect.keepalive).toBe(42);
    expect(connect.cleanSession).toBe(true);
    expect(connect.willFlag).toBe(false);
    expect(connect.usernameFlag).toBe(false);
  });

  it.concurrent("API: built with --config MQTT_PROTOCOL_311=n it speaks MQTT 3.1 (CONNECT protocol \"MQIsdp\", level 3) and the broker accepts it", async () => {
    const id = unique("v31", lua);
    const connect = await connectThroughRelay(lua, [id, 42, 1], V31);
    expect(connect.protocolName).toBe("MQIsdp");
    expect(connect.protocolLevel).toBe(3);
    expect(connect.clientId).toBe(id);
    expect(broker.log()).toMatch(new RegExp(`New client connected from \\S+ as ${id} \\(p1, c1, k42\\)`));
  });

  it.concurrent("fix 2: a 300-byte client id, username and password go out untruncated; cleansession=0 clears the flag", async () => {
    const id = longName(unique("id", lua)).slice(0, 300);
    const connect = await connectThroughRelay(lua, [id, 30, 0, longName("user"), longName("pass")]);
    expect(connect.clientId).toBe(id);
    expect(connect.clientId.length).toBe(300);
    expect(connect.cleanSession).toBe(false);
    expect(connect.usernameFlag).toBe(true);
    expect(connect.passwordFlag).toBe(true);
    // the broker authenticated the 300-byte user with its 300-byte password
    expect(broker.log()).toContain(`as ${id} (p2, c0, k30, u'${longName("user")}')`);
  });

  // HOST esp-mqtt DEFECT (reported): esp-mqtt v5.1.3 sends credentials.client_id = "" as a
  // zero-length client id (3.1.1 with clean session: the broker assigns one). The host port
  // hands "" to mosquitto_new(), which rejects an empty id, so esp_mqtt_client_init() fails
  // and connect() returns false.
  it.concurrent.fails("API: mqtt.Client(\"\", ...) sends a zero-length client id and the broker assigns one", async () => {
    const connect = await connectThroughRelay(lua, ["", 30, 1]);
    expect(connect.clientId).toBe("");
  });
});
