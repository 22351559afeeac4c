// Scenario tests (issue 5 part 3): dropped connections, autoreconnect, and a broker
// restart with a persistent session. Each test kills its own broker. Lua 5.1 and 5.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker, type BrokerOptions } from "../helpers/broker.ts";
import { publish } from "../helpers/clients.ts";
import { freePort } from "../helpers/ports.ts";
import { LUA_VERSIONS, duplexRelay, linesOf, prebuild, run, show, start, unique } from "./helpers.ts";

const brokers: Broker[] = [];
async function ownBroker(opts: BrokerOptions = {}): Promise<Broker> {
  const b = await startBroker(opts);
  brokers.push(b);
  return b;
}

beforeAll(async () => {
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua)));
});

afterAll(async () => {
  await Promise.all(brokers.map((b) => b.stop()));
});

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent(
    "fix 7: broker crash and restart with cleansession=0, QoS 1, autoreconnect and persistence: no message lost, \"offline\" then \"connect\"",
    async () => {
      const broker = await ownBroker({ persistence: true });
      const id = unique("persist", lua);
      const prefix = `persist/${id}`;
      const send = (p: string) => publish(broker, `${prefix}/in`, p, { qos: 1 });
      const live = await start(lua, "persist", [broker.host, broker.port, id, prefix, 7], { timeout: 60 });
      await live.waitFor(/^subscribed true$/);
      await send("m1");
      await send("m2");
      await live.waitFor(/^message m2$/);
      // crash: nothing is flushed at exit; the session survives through the persistence file
      await broker.kill();
      await live.waitFor(/^offline 1$/);
      await broker.restart();
      // the client waits esp-mqtt's reconnect_timeout_ms (10 s) before trying again:
      // these reach the broker while the client is away and must be queued for its session
      await send("m3");
      await send("m4");
      await live.waitFor(/^connect 2$/, 30_000);
      await send("m5");
      await send("m6");
      const r = await live.done;
      expect(r.code, show(r)).toBe(0);
      const payloads = new Set(linesOf(r.lines, "message").map((l) => l.slice("message ".length)));
      expect([...payloads].sort()).toEqual(["from-lua-offline", "m1", "m2", "m3", "m4", "m5", "m6"]);
      expect(r.lines).toContain("publish-offline true");
      expect(r.lines).toContain("puback-offline true");
      // exactly one offline, between the two connects
      expect(linesOf(r.lines, "connect")).toEqual(["connect 1", "connect 2"]);
      // issue 16 finding 9: session_present from the CONNACK tells the script its subscriptions survived
      expect(linesOf(r.lines, "session-present")).toEqual(["session-present 1 false", "session-present 2 true"]);
      expect(linesOf(r.lines, "offline")).toEqual(["offline 1"]);
      expect(r.lines.indexOf("connect 1")).toBeLessThan(r.lines.indexOf("offline 1"));
      expect(r.lines.indexOf("offline 1")).toBeLessThan(r.lines.indexOf("connect 2"));
      expect(r.lines.at(-1)).toBe("done 2 1");
    },
  );

  it.concurrent("fix 7: with autoreconnect a dropped connection fires \"offline\", then the client reconnects and \"connect\" fires again", async () => {
    const broker = await ownBroker();
    const live = await start(lua, "dropped", [broker.host, broker.port, unique("auto", lua), 1], { timeout: 60 });
    await live.waitFor(/^connect 1$/);
    await broker.kill();
    await live.waitFor(/^offline 1$/);
    await broker.restart();
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    // "offline 2" comes from the close() after "connect 2"
    expect(r.lines).toEqual([
      "connect 1",
      "offline 1",
      "publish-while-offline false",
      "connect 2",
      "offline 2",
      "publish-while-offline false",
      "done",
    ]);
  });

  it.concurrent("fix 7: without autoreconnect a dropped connection fires \"offline\" once and the client stops (the runner exits)", async () => {
    const broker = await ownBroker();
    const live = await start(lua, "dropped", [broker.host, broker.port, unique("noauto", lua), 0], { timeout: 60 });
    await live.waitFor(/^connect 1$/);
    const t0 = Date.now();
    await broker.kill();
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["connect 1", "offline 1", "publish-while-offline false"]);
    // stopped at once, not after a reconnect timeout
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it.concurrent("fix 7: retrying from the connect-failure callback (directly and from a timer) connects once a broker is there", async () => {
    const broker = await ownBroker();
    const port = await freePort();
    const live = await start(lua, "retry", ["127.0.0.1", port, unique("retry", lua)], { timeout: 60 });
    await live.waitFor(/^fail 2 mqtt.CONN_FAIL_SERVER_NOT_FOUND$/);
    // the "broker" appears on the port the client keeps trying
    const relay = await duplexRelay(broker.port, "127.0.0.1", port);
    try {
      const r = await live.done;
      expect(r.code, show(r)).toBe(0);
      const fails = linesOf(r.lines, "fail");
      expect(fails.length).toBeGreaterThanOrEqual(2);
      fails.forEach((l, i) => expect(l).toBe(`fail ${i + 1} mqtt.CONN_FAIL_SERVER_NOT_FOUND`));
      expect(r.lines.slice(fails.length)).toEqual(["connected true", "done"]);
    } finally {
      await relay.close();
    }
  });

  it.concurrent("fix 7: with autoreconnect a FIRST connection that fails calls onFail once and does not retry", async () => {
    const port = await freePort();
    const r = await run(lua, "dropped", ["127.0.0.1", port, unique("firstfail", lua), 1], { timeout: 30 });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["fail -5 mqtt.CONN_FAIL_SERVER_NOT_FOUND"]);
  });
});
