// Issue 16: nothing lost, nothing silent. Each test names the finding it proves
// and fails on the module before the fix. Lua 5.1 and 5.3, a real Mosquitto.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { freePort } from "../helpers/ports.ts";
import { parseSubscribe, splitPackets, tcpRelay } from "../helpers/relay.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, burst, linesOf, prebuild, replyServer, run, show, silentServer, start, unique } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { sanitize: true })]));
});

afterAll(async () => {
  await broker?.stop();
});

/** A relay to the broker whose broker-to-client direction can be held back, and whose links can be cut. */
function holdingRelay(): Promise<{ port: number; hold(on: boolean): void; refuse(n: number): void; cut(): void; close(): Promise<void> }> {
  let holding = false;
  let refusing = 0;
  const links = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    if (refusing > 0) {
      refusing--;
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: broker.host, port: broker.port });
    const link = { client, upstream };
    links.add(link);
    client.on("data", (d: Buffer) => upstream.write(d));
    upstream.on("data", (d: Buffer) => {
      if (!holding) client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      links.delete(link);
    };
    for (const s of [client, upstream]) {
      s.on("close", end);
      s.on("error", end);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        hold: (on) => (holding = on),
        refuse: (n) => (refusing = n),
        cut: () => {
          for (const l of links) {
            l.client.destroy();
            l.upstream.destroy();
          }
        },
        close: () =>
          new Promise<void>((res) => {
            for (const l of links) {
              l.client.destroy();
              l.upstream.destroy();
            }
            server.close(() => res());
          }),
      });
    });
  });
}

const noDrops = (stderr: string) => expect(stderr, "nothing may be dropped").not.toMatch(/event dropped/);

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("finding 1: 1,000 QoS 0 callbacks with a 4-slot queue flooded by the client's own messages: each fires once, in publish order", async () => {
    const r = await run(lua, "qos0order", [broker.host, broker.port, unique("qos0order", lua), 1000], {
      env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" },
      timeout: 60,
    });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toContain("callbacks 1000 true");
    expect(r.lines).toContain("messages 1000");
    expect(r.lines).toContain("later-callback true");
    expect(r.lines.at(-1)).toBe("done");
    noDrops(r.stderr);
  });

  it.concurrent("finding 4: a callback busy for 3 s (longer than the old 2 s bound) with 300 QoS 1 publishes in flight and a 4-slot queue: every ack and message arrives", async () => {
    const r = await run(lua, "busy", [broker.host, broker.port, unique("busy", lua), 300, 3], {
      env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" },
      timeout: 90,
    });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines, show(r)).toContain("acks 300");
    expect(r.lines).toContain("messages 300");
    expect(r.lines.at(-1)).toBe("done");
    noDrops(r.stderr);
  });

  // the host port cuts a message as esp-mqtt v5.1.3 does: with a QoS 1 message and a 3000-byte
  // payload the header is 7 bytes + the topic, so a 1017-byte topic fills the 1024-byte buffer
  for (const len of [1016, 1017]) {
    it.concurrent(`finding 2: a ${len}-byte topic (first chunk with ${1017 - len} payload bytes) reaches Lua whole, under ASan/UBSan`, async () => {
      const r = await run(lua, "longtopic", [broker.host, broker.port, unique("lt", lua), len], { sanitize: true, timeout: 40 });
      expect(sanitizerReports(r.stderr), show(r)).toEqual([]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(["subscribed true", `message ${len} true 3000 true`, "done"]);
    });
  }

  for (const [len, error] of [[1018, false], [1100, true]] as const) {
    it.concurrent(`finding 2: a ${len}-byte topic does not fit esp-mqtt's buffer: the connection drops with a clear log, no empty-topic message`, async () => {
      const r = await run(lua, "longtopic", [broker.host, broker.port, unique("lt", lua), len], { timeout: 40 });
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual(["subscribed true", "offline", "done"]);
      // esp-mqtt's own log line, and with its ERROR event the module's
      if (error) {
        expect(r.stderr).toMatch(/mqtt_client: mqtt_message_receive: message is too big, insufficient buffer size/);
        expect(r.stderr).toMatch(/mqtt: connection dropped: esp-mqtt could not read a packet/);
      } else {
        expect(r.stderr).toMatch(/mqtt_client: deliver_publish: mqtt_get_publish_topic\(\) failed/);
      }
    });
  }

  const inFlightDrop = async (mode: "auto" | "once") => {
    const relay = await holdingRelay();
    try {
      const live = await start(lua, "subdrop", ["127.0.0.1", relay.port, unique("subdrop", lua), mode], { timeout: 60 });
      await live.waitFor(/^connected 1$/);
      relay.hold(true);
      await live.waitFor(/^publish true$/);
      await new Promise((res) => setTimeout(res, 300));
      relay.hold(false);
      // with autoreconnect the first attempt after the cut fails too: an established client's
      // failed reconnect is not a connect failure (no onFail)
      if (mode === "auto") relay.refuse(1);
      relay.cut();
      const r = await live.done;
      expect(r.code, show(r)).toBe(0);
      return r;
    } finally {
      await relay.close();
    }
  };

  it.concurrent("finding 3: with autoreconnect, a subscribe and an unsubscribe in flight when the link drops call back false once each; the QoS 1 publish is resent and acked", async () => {
    const r = await inFlightDrop("auto");
    // esp-mqtt forgot both when the link dropped: they fail before "offline"; the last "offline" is close()'s
    expect(r.lines.filter((l) => l !== "puback true")).toEqual([
      "connected 1", "subscribe true", "unsubscribe true", "publish true", "suback false", "unsuback false", "offline",
      "connected 2", "suback-after-reconnect true", "offline", "done",
    ]);
    expect(linesOf(r.lines, "puback")).toEqual(["puback true"]);
  });

  it.concurrent("finding 3: without autoreconnect, every operation in flight when the link drops calls back false once (the publish when the client stops, after \"offline\")", async () => {
    const r = await inFlightDrop("once");
    expect(r.lines).toEqual([
      "connected 1", "subscribe true", "unsubscribe true", "publish true", "suback false", "unsuback false", "offline", "puback false",
    ]);
  });

  /** deleted.lua through a relay that holds back the broker's replies once connected, with a 2 s outbox expiry */
  async function expiredPublish(config: Record<string, string>) {
    const relay = await holdingRelay();
    try {
      const live = await start(lua, "deleted", ["127.0.0.1", relay.port, unique("deleted", lua)], {
        config: { MQTT_OUTBOX_EXPIRED_TIMEOUT_MS: "2000", ...config },
        timeout: 60,
      });
      await live.waitFor(/^connected$/, 60_000);
      relay.hold(true);
      const r = await live.done;
      expect(r.code, show(r)).toBe(0);
      return r;
    } finally {
      await relay.close();
    }
  }

  // the host's default configuration has CONFIG_MQTT_REPORT_DELETED_MESSAGES, as our firmware's does (issue 26)
  it.concurrent("finding 3, issue 26: a QoS 1 publish esp-mqtt drops from its outbox unacknowledged (MQTT_EVENT_DELETED) calls back false once", async () => {
    const r = await expiredPublish({});
    expect(r.lines).toEqual(["connected", "publish true", "puback false", "calls 1", "done"]);
    expect(r.stderr).not.toMatch(/REPORT_DELETED_MESSAGES off/);
  });

  it.concurrent("issue 26: built without CONFIG_MQTT_REPORT_DELETED_MESSAGES, connect() warns that expired publishes never call back; close() still calls it back false", async () => {
    const r = await expiredPublish({ MQTT_REPORT_DELETED_MESSAGES: "n" });
    expect(r.lines).toEqual(["connected", "publish true", "calls 0", "puback false", "done"]);
    const warnings = [...r.stderr.matchAll(/^W \(\d+\) mqtt: (.*)$/gm)].map((m) => m[1]);
    expect(warnings).toEqual(["CONFIG_MQTT_REPORT_DELETED_MESSAGES off: expired publishes never call back"]);
  });

  it.concurrent("late events: a client closed while its MQTT task waits for a slot returns; its old queued messages reach neither its new connection nor another client", async () => {
    const id = unique("routing", lua);
    // a 4-slot queue: both clients' MQTT tasks are waiting for a slot when A is closed, so close()
    // must also make A's task give up its wait (or destroying A would wait for it forever)
    const live = await start(lua, "routing", [broker.host, broker.port, id], { env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" }, timeout: 40 });
    await live.waitFor(/^ready$/);
    await burst(broker, `routing/${id}`, 100);
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    // A's new connection is A's: its connect callback fires (routing by number, not "some live client")
    expect(r.lines).toContain("a-reconnected");
    // A's old messages were queued behind B's busy callback: none reached A's new connection, nor B
    expect(r.lines).toContain("a-after 0");
    expect(r.lines).toContain("b 100 100");
    expect(r.lines.at(-1)).toBe("done");
  });

  // Reasons (docs/mqtt.md, "Reasons"): one client, attempts in a row, so a reason
  // left over from one attempt would show in the next
  it.concurrent("finding 5: nothing listening -5, then a silent server with keepalive 5 -2 (not a stale -5), garbage -4, a CONNACK of the wrong length -4", async () => {
    const closed = await freePort();
    const silent = await silentServer();
    // an HTTP server's answer: 'H' (0x48) is no valid MQTT header; long enough for libmosquitto to read a whole "packet"
    const garbage = await replyServer(Buffer.from(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n\r\n${"<p>no</p>".repeat(20)}`));
    // a CONNACK one byte short (remaining length 1, MQTT says 2)
    const badConnack = await replyServer(Buffer.from([0x20, 0x01, 0x00]));
    try {
      const r = await run(lua, "reasons", ["127.0.0.1", 5, closed, silent.port, garbage.port, badConnack.port], { timeout: 60 });
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toEqual([
        "fail 1 -5 mqtt.CONN_FAIL_SERVER_NOT_FOUND",
        "fail 2 -2 mqtt.CONN_FAIL_TIMEOUT_RECEIVING",
        "fail 3 -4 mqtt.CONN_FAIL_NOT_A_CONNACK_MSG",
        "fail 4 -4 mqtt.CONN_FAIL_NOT_A_CONNACK_MSG",
        "done",
      ]);
    } finally {
      await Promise.all([silent.close(), garbage.close(), badConnack.close()]);
    }
  });

  it.concurrent("finding 5/6/7: out-of-range keepalive and port, strings over 65,535 bytes and embedded NULs are argument errors; a bad unsubscribe table sends nothing", async () => {
    const relay = await tcpRelay(broker.port);
    const r = await run(lua, "limits", [broker.host, relay.port, unique("limits", lua)], { timeout: 30 }).finally(() => relay.close());
    expect(r.code, show(r)).toBe(0);
    // subscribe(topic, fn) asks for QoS 0
    const subs = splitPackets(relay.firstBytes()).filter((p) => p.type === 8).map((p) => parseSubscribe(p.body).topics[0]!);
    expect(subs.find((t) => t.filter.endsWith("/default"))?.qos).toBe(0);
    expect(r.lines).toEqual([
      "Client(id,-1) error bad argument #2 to 'Client' (out of range)",
      "Client(id,70000) error bad argument #2 to 'Client' (out of range)",
      "Client(id,65535) ok",
      "Client(long id) error Client: the client id must be at most 65535 bytes without NUL bytes",
      "Client(id with NUL) error Client: the client id must be at most 65535 bytes without NUL bytes",
      "Client(user with NUL) error Client: the username must be at most 65535 bytes without NUL bytes",
      "Client(password with NUL) error Client: the password must be at most 65535 bytes without NUL bytes",
      "connect(h,-1) error bad argument #2 to 'connect' (out of range)",
      "connect(h,70000) error bad argument #2 to 'connect' (out of range)",
      "connect(host with NUL) error connect: the host must be at most 65535 bytes without NUL bytes",
      "lwt(long topic) error lwt: the topic must be at most 65535 bytes without NUL bytes",
      "lwt(long message) error lwt: the message must be at most 65535 bytes",
      "lwt(binary message) ok",
      "connected",
      "publish(topic with NUL) error publish: the topic must be at most 65535 bytes without NUL bytes",
      "publish(long topic) error publish: the topic must be at most 65535 bytes without NUL bytes",
      "subscribe(topic with NUL) error subscribe: the topic must be at most 65535 bytes without NUL bytes",
      "subscribe({topic with NUL}) error subscribe: each topic must be at most 65535 bytes without NUL bytes",
      "unsubscribe(topic with NUL) error unsubscribe: the topic must be at most 65535 bytes without NUL bytes",
      "default-qos-subscribed true",
      "unsubscribe({[1]=true,x/y=true}) error unsubscribe: the table's keys must be topic strings",
      "unsubscribe({x/y=true,NUL}) error unsubscribe: each topic must be at most 65535 bytes without NUL bytes",
      "still-subscribed true",
      "done",
    ]);
  });
});
