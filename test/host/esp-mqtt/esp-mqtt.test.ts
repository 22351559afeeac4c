// The host esp-mqtt (host/esp-mqtt over libmosquitto) against a real
// mosquitto, driven by esp_mqtt_driver.c built with gcc -Werror.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import { startBroker, type Broker } from "../../helpers/broker.ts";
import { publish, subscribe } from "../../helpers/clients.ts";
import { freePort, sleep } from "../../helpers/ports.ts";
import { parseConnect, parseSubscribe, splitPackets, tcpRelay } from "../../helpers/relay.ts";
import { sanitizerReports } from "../../helpers/sanitizer.ts";
import { buildDriver, Driver } from "./driver.ts";

let bin: string;
let binNo311: string;
let binAsan: string;
let binTsan: string;
let broker: Broker;
const drivers: Driver[] = [];

function driver(args: string[], binary = bin, env: NodeJS.ProcessEnv = {}): Driver {
  const d = new Driver(binary, args, env);
  drivers.push(d);
  return d;
}

/** Events (lines starting with "EV ") after line index `from`. */
function events(d: Driver, from = 0): string[] {
  return d.matching(/^EV /, from);
}

beforeAll(async () => {
  [bin, binNo311, binAsan, binTsan, broker] = await Promise.all([
    buildDriver("plain"),
    buildDriver("no311"),
    buildDriver("asan"),
    buildDriver("tsan"),
    startBroker(),
  ]);
});

afterAll(async () => {
  for (const d of drivers) d.kill();
  await broker?.stop();
});

describe("host esp-mqtt: messages", () => {
  it("QoS 0/1/2 round trip; PUBLISHED only for QoS 1 and 2; events on the client's thread", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--id", "rt-client"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED session=0 proto=2 thread=task/);
    d.send("sub rt/# 2");
    const sub = await d.waitFor(/^RET sub (\d+)/);
    await d.waitFor(new RegExp(`^EV SUBSCRIBED id=${sub.match[1]} codes=02 err=0`));
    d.send("pub rt/q0 0 0 zero", "pub rt/q1 1 0 one", "pub rt/q2 2 0 two");
    const q0 = Number((await d.waitFor(/^RET pub (-?\d+)/)).match[1]);
    const r1 = await d.waitFor(/^RET pub (-?\d+)/, 5000, (await d.waitFor(/^RET pub/)).index + 1);
    const q1 = Number(r1.match[1]);
    const q2 = Number((await d.waitFor(/^RET pub (-?\d+)/, 5000, r1.index + 1)).match[1]);
    expect(q0).toBe(0);
    expect(q1).toBeGreaterThan(0);
    expect(q2).toBeGreaterThan(0);
    expect(q2).not.toBe(q1);
    await d.waitFor(/topic=rt\/q2 .*data=74776f/);
    await d.waitFor(new RegExp(`^EV PUBLISHED id=${q2} `));
    await d.waitFor(new RegExp(`^EV PUBLISHED id=${q1} `));
    await sleep(300);
    const evs = events(d);
    expect(evs.filter((e) => e.startsWith("EV PUBLISHED"))).toHaveLength(2);
    expect(evs.filter((e) => e.startsWith("EV DATA"))).toHaveLength(3);
    expect(d.matching(/topic=rt\/q0 .*qos=0 .*data=7a65726f/)).toHaveLength(1);
    expect(d.matching(/^EV DATA id=[1-9]\d* topic=rt\/q1 .*qos=1 .*data=6f6e65/)).toHaveLength(1);
    expect(d.matching(/topic=rt\/q2 .*qos=2 /)).toHaveLength(1);
    expect(evs.every((e) => e.includes("thread=task"))).toBe(true);
    d.send("outbox");
    expect((await d.waitFor(/^RET outbox (\d+)/)).match[1]).toBe("0");
    expect((await d.quit()).code).toBe(0);
    expect(d.matching(/^EXIT holds=0$/)).toHaveLength(1);
  });

  it("a 5000-byte message arrives as buffer-sized DATA chunks, topic only in the first", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub big/t 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    d.send("pubpat big/t 1 5000");
    await d.waitFor(/off=\d+ total=5000 .*/);
    const start = Date.now();
    let chunks: string[] = [];
    while (Date.now() - start < 5000) {
      chunks = d.matching(/^EV DATA /);
      const sum = chunks.reduce((n, l) => n + Number(/ len=(\d+)/.exec(l)![1]), 0);
      if (sum >= 5000) break;
      await sleep(50);
    }
    // buffer 1024: the first chunk holds what fits after the PUBLISH header
    // (1 + 2 length bytes + 2 + topic 5 + 2 id bytes = 12), then 1024-byte slices.
    const parsed = chunks.map((l) => ({
      topic: /topic=(\S+)/.exec(l)![1],
      tlen: Number(/tlen=(\d+)/.exec(l)![1]),
      len: Number(/ len=(\d+)/.exec(l)![1]),
      off: Number(/off=(\d+)/.exec(l)![1]),
      total: Number(/total=(\d+)/.exec(l)![1]),
      data: Buffer.from(/data=([0-9a-f]*)/.exec(l)![1], "hex"),
    }));
    expect(parsed.map((c) => c.len)).toEqual([1012, 1024, 1024, 1024, 916]);
    expect(parsed[0].topic).toBe("big/t");
    expect(parsed[0].tlen).toBe(5);
    expect(parsed.slice(1).every((c) => c.topic === "-" && c.tlen === 0)).toBe(true);
    expect(parsed.map((c) => c.off)).toEqual([0, 1012, 2036, 3060, 4084]);
    expect(parsed.every((c) => c.total === 5000)).toBe(true);
    const whole = Buffer.concat(parsed.map((c) => c.data));
    expect(whole.length).toBe(5000);
    expect(whole.every((b, i) => b === i % 251)).toBe(true);
    await d.quit();
  });

  it("subscribe_multiple sends one SUBSCRIBE packet with every filter", async () => {
    const relay = await tcpRelay(broker.port);
    const d = driver(["--host", "127.0.0.1", "--port", String(relay.port), "--transport", "tcp"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subm multi/a 1 multi/b 1 multi/c 1");
    const ret = await d.waitFor(/^RET subm (\d+)/);
    await d.waitFor(new RegExp(`^EV SUBSCRIBED id=${ret.match[1]} codes=010101 err=0`));
    const subscribes = splitPackets(relay.firstBytes()).filter((p) => p.type === 8);
    expect(subscribes).toHaveLength(1);
    const parsed = parseSubscribe(subscribes[0].body);
    expect(parsed.msgId).toBe(Number(ret.match[1]));
    expect(parsed.topics).toEqual([
      { filter: "multi/a", qos: 1 },
      { filter: "multi/b", qos: 1 },
      { filter: "multi/c", qos: 1 },
    ]);
    await d.quit();
    await relay.close();
  });

  it("offline: QoS 0 publish fails (-1), QoS 1 is kept in the outbox and sent after reconnecting; subscribe fails (-1)", async () => {
    const b = await startBroker();
    try {
      const d = driver(["--uri", `mqtt://127.0.0.1:${b.port}`, "--reconnect-ms", "300"]);
      d.send("pub off/q0 0 0 lost", "pub off/q1 1 0 kept", "sub off/# 1", "outbox");
      expect((await d.waitFor(/^RET pub (-?\d+)/)).match[1]).toBe("-1");
      const kept = await d.waitFor(/^RET pub (\d+)$/, 5000, d.lines.findIndex((l) => l.startsWith("RET pub")) + 1);
      expect(Number(kept.match[1])).toBeGreaterThan(0);
      expect((await d.waitFor(/^RET sub (-?\d+)/)).match[1]).toBe("-1");
      expect(Number((await d.waitFor(/^RET outbox (\d+)/)).match[1])).toBeGreaterThan(0);
      const sub = subscribe(b, "off/#", { qos: 1 });
      await sub.ready;
      d.send("start");
      await d.waitFor(new RegExp(`^EV PUBLISHED id=${kept.match[1]} `));
      const got = await sub.waitFor(1);
      expect(got.map((m) => m.payload.toString())).toEqual(["kept"]);
      await sleep(200);
      expect(sub.messages).toHaveLength(1);
      await sub.stop();
      await d.quit();
    } finally {
      await b.stop();
    }
  });
});

describe("host esp-mqtt: connection failures", () => {
  let authBroker: Broker;
  beforeAll(async () => {
    authBroker = await startBroker({
      users: { alice: "secret" },
      acl: "user alice\ntopic readwrite allowed/#\n",
    });
  });
  afterAll(async () => authBroker?.stop());

  it("bad password: ERROR with CONNECTION_REFUSED and the CONNACK code, then DISCONNECTED", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${authBroker.port}`, "--user", "alice", "--pass", "wrong", "--no-reconnect"]);
    d.send("start");
    const err = await d.waitFor(/^EV ERROR type=(\d+) code=(\d+)/);
    expect(err.match[1]).toBe("2"); // MQTT_ERROR_TYPE_CONNECTION_REFUSED
    expect(["4", "5"]).toContain(err.match[2]); // BAD_USERNAME / NOT_AUTHORIZED
    const disc = await d.waitFor(/^EV DISCONNECTED/);
    expect(disc.index).toBeGreaterThan(err.index);
    await sleep(800);
    expect(d.matching(/^EV BEFORE_CONNECT/)).toHaveLength(1); // disable_auto_reconnect honoured
    await d.quit();
  });

  it("nothing listening: ERROR TCP_TRANSPORT with ECONNREFUSED, then DISCONNECTED, then a retry after reconnect_timeout_ms", async () => {
    const port = await freePort();
    const d = driver(["--uri", `mqtt://127.0.0.1:${port}`, "--reconnect-ms", "400"]);
    d.send("start");
    const err = await d.waitFor(/^EV ERROR type=(\d+) code=0 errno=(\d+) tls=(0x[0-9a-f]+)/);
    expect(err.match[1]).toBe("1"); // MQTT_ERROR_TYPE_TCP_TRANSPORT
    expect(err.match[2]).toBe("111"); // ECONNREFUSED
    expect(err.match[3]).toBe("0x8004"); // ESP_ERR_ESP_TLS_FAILED_CONNECT_TO_HOST
    await d.waitFor(/^EV DISCONNECTED/);
    const t0 = Date.now();
    await d.waitFor(/^EV BEFORE_CONNECT/, 3000, d.lines.findIndex((l) => l.startsWith("EV DISCONNECTED")) + 1);
    expect(Date.now() - t0).toBeGreaterThan(200);
    await d.quit();
  });

  it("no CONNACK within network.timeout_ms: DISCONNECTED without ERROR", async () => {
    // A listener that accepts and never answers (a broker hung before CONNACK).
    const silent = net.createServer(() => undefined);
    await new Promise<void>((res) => silent.listen(0, "127.0.0.1", () => res()));
    const port = (silent.address() as net.AddressInfo).port;
    const d = driver(["--uri", `mqtt://127.0.0.1:${port}`, "--timeout-ms", "400", "--no-reconnect"]);
    const t0 = Date.now();
    d.send("start");
    await d.waitFor(/^EV DISCONNECTED/, 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    expect(d.matching(/^EV (ERROR|CONNECTED)/)).toHaveLength(0);
    await d.quit();
    silent.close();
  });

  it("a subscription outside the ACL: mosquitto 2.0 grants it (SUBACK 0x01) and delivers nothing on it", async () => {
    // mosquitto 2.0's acl_file does not check subscriptions (only delivery), so
    // the SUBACK grants the QoS; what the ACL refuses is every message on it.
    const d = driver(["--uri", `mqtt://alice:secret@127.0.0.1:${authBroker.port}`]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subm allowed/x 1 forbidden/x 1");
    const ev = await d.waitFor(/^EV SUBSCRIBED id=\d+ codes=([0-9a-f]+) err=(\d+)/);
    expect(ev.match[1]).toBe("0101");
    expect(ev.match[2]).toBe("0");
    d.send("pub forbidden/x 1 0 no", "pub allowed/x 1 0 yes");
    await d.waitFor(/^EV DATA .*topic=allowed\/x/);
    await sleep(300);
    expect(d.matching(/topic=forbidden/)).toHaveLength(0);
    await d.quit();
  });

  it("a SUBACK with 0x80 (refused) gives SUBSCRIBED with the codes and error_type SUBSCRIBE_FAILED", async () => {
    // Fault injection on a real broker connection: the relay turns the second
    // return code of the SUBACK (type 0x90) into 0x80, as a refusing broker would.
    const relay = await tcpRelay(broker.port, {
      fromServer: (chunk) => {
        if (chunk[0] === 0x90 && chunk[1] === 4 && chunk.length >= 6) {
          const copy = Buffer.from(chunk);
          copy[5] = 0x80;
          return copy;
        }
        return chunk;
      },
    });
    const d = driver(["--uri", `mqtt://127.0.0.1:${relay.port}`]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subm ok/x 1 refused/x 1");
    const ev = await d.waitFor(/^EV SUBSCRIBED id=\d+ codes=([0-9a-f]+) err=(\d+)/);
    expect(ev.match[1]).toBe("0180");
    expect(ev.match[2]).toBe("3"); // MQTT_ERROR_TYPE_SUBSCRIBE_FAILED
    // the next, accepted subscription resets the error type
    d.send("sub ok/y 0");
    const next = await d.waitFor(/^EV SUBSCRIBED id=\d+ codes=00 err=(\d+)/);
    expect(next.match[1]).toBe("0");
    await d.quit();
    await relay.close();
  });
});

describe("host esp-mqtt: session", () => {
  it("auto-reconnects after a broker crash and restart; disable_auto_reconnect waits for reconnect()", async () => {
    const b = await startBroker();
    try {
      const auto = driver(["--uri", `mqtt://127.0.0.1:${b.port}`, "--reconnect-ms", "500", "--id", "auto"]);
      const manual = driver(["--uri", `mqtt://127.0.0.1:${b.port}`, "--reconnect-ms", "500", "--id", "manual", "--no-reconnect"]);
      auto.send("start");
      manual.send("start");
      await auto.waitFor(/^EV CONNECTED/);
      await manual.waitFor(/^EV CONNECTED/);
      await b.kill();
      const lost = await auto.waitFor(/^EV DISCONNECTED/);
      await manual.waitFor(/^EV DISCONNECTED/);
      expect(auto.matching(/^EV ERROR type=1 /)).toHaveLength(1);
      await b.restart();
      await auto.waitFor(/^EV CONNECTED/, 5000, lost.index);
      await sleep(1500);
      expect(manual.matching(/^EV CONNECTED/)).toHaveLength(1);
      manual.send("reconnect");
      await manual.waitFor(/^RET reconnect ESP_OK/);
      await manual.waitFor(/^EV CONNECTED/, 5000, manual.lines.length - 2);
      expect(manual.matching(/^EV CONNECTED/)).toHaveLength(2);
      await auto.quit();
      await manual.quit();
    } finally {
      await b.stop();
    }
  });

  it("keeps in-flight QoS 1 messages across a broker restart with a persistent session", async () => {
    const b = await startBroker({ persistence: true });
    try {
      // The publisher (our client, cleansession=0) loses its connection with
      // QoS 1 messages published while the broker is down; they must all arrive.
      // It reconnects on request only once the subscriber is in place: with
      // autoreconnect it could send them before the subscription exists.
      const d = driver(["--uri", `mqtt://127.0.0.1:${b.port}`, "--no-reconnect", "--persistent", "--id", "persist-pub"]);
      d.send("start");
      await d.waitFor(/^EV CONNECTED/);
      await b.kill();
      await d.waitFor(/^EV DISCONNECTED/);
      d.send("pub persist/a 1 0 m1", "pub persist/a 1 0 m2", "pub persist/a 1 0 m3");
      await d.waitFor(/^RET pub \d+$/);
      await b.restart();
      const sub = subscribe(b, "persist/#", { qos: 1 });
      await sub.ready;
      d.send("reconnect");
      await d.waitFor(/^RET reconnect ESP_OK/);
      const got = await sub.waitFor(3, 10_000);
      expect(got.map((m) => m.payload.toString()).sort()).toEqual(["m1", "m2", "m3"]);
      await d.waitFor(/^EV CONNECTED/, 5000, d.lines.findIndex((l) => l.startsWith("EV DISCONNECTED")));
      await sleep(300);
      expect(d.matching(/^EV PUBLISHED/)).toHaveLength(3);
      await sub.stop();
      await d.quit();
    } finally {
      await b.stop();
    }
  });

  it("stop sends DISCONNECT, posts no DISCONNECTED event and releases the runtime", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--id", "stopper"]);
    d.send("start");
    await d.waitFor(/^HOLD 1/);
    await d.waitFor(/^EV CONNECTED/);
    d.send("stop");
    await d.waitFor(/^RET stop ESP_OK/);
    await d.waitFor(/^RELEASE 0/);
    await sleep(300);
    expect(d.matching(/^EV DISCONNECTED/)).toHaveLength(0);
    expect(broker.log()).toMatch(/Client stopper disconnected\./);
    d.send("stop");
    await d.waitFor(/^RET stop ESP_FAIL/); // not started any more
    await d.quit();
  });

  it("LWT with a binary message, its qos and retain reaches subscribers when the client process is killed", async () => {
    const sub = subscribe(broker, "lwt/dev", { qos: 1 });
    await sub.ready;
    const d = driver([
      "--uri", `mqtt://127.0.0.1:${broker.port}`, "--id", "lwt-dev", "--keepalive", "5",
      "--lwt-topic", "lwt/dev", "--lwt-hex", "00ff4100", "--lwt-qos", "1", "--lwt-retain", "1",
    ]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.kill();
    const [will] = await sub.waitFor(1, 10_000);
    expect([...will.payload]).toEqual([0x00, 0xff, 0x41, 0x00]);
    expect(will.qos).toBe(1);
    await sub.stop();
    const late = subscribe(broker, "lwt/dev", { qos: 1 });
    const [retained] = await late.waitFor(1);
    expect(retained.retain).toBe(true);
    expect([...retained.payload]).toEqual([0x00, 0xff, 0x41, 0x00]);
    await late.stop();
    await publish(broker, "lwt/dev", "", { retain: true }); // clear it
  });
});

describe("host esp-mqtt: protocol version on the wire", () => {
  async function connectVia(binary: string, extra: string[]) {
    const relay = await tcpRelay(broker.port);
    const d = driver(["--uri", `mqtt://127.0.0.1:${relay.port}`, ...extra], binary);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    const connect = parseConnect(await relay.waitForBytes(12));
    await d.quit();
    await relay.close();
    return connect;
  }

  it("protocol_ver 3.1 sends MQIsdp level 3, 3.1.1 sends MQTT level 4", async () => {
    const v31 = await connectVia(bin, ["--proto", "3", "--id", "p31"]);
    expect([v31.protocolName, v31.protocolLevel]).toEqual(["MQIsdp", 3]);
    const v311 = await connectVia(bin, ["--proto", "4", "--id", "p311"]);
    expect([v311.protocolName, v311.protocolLevel]).toEqual(["MQTT", 4]);
  });

  it("protocol_ver 0 follows CONFIG_MQTT_PROTOCOL_311", async () => {
    const on = await connectVia(bin, ["--id", "cfg-on"]);
    expect([on.protocolName, on.protocolLevel]).toEqual(["MQTT", 4]);
    const off = await connectVia(binNo311, ["--id", "cfg-off"]);
    expect([off.protocolName, off.protocolLevel]).toEqual(["MQIsdp", 3]);
  });

  it("CONNECT carries keepalive, clean session, credentials and the default ESP32_xxxxxx id", async () => {
    const c = await connectVia(bin, ["--keepalive", "33", "--persistent", "--user", "u", "--pass", "p"]);
    expect(c.keepalive).toBe(33);
    expect(c.cleanSession).toBe(false);
    expect(c.usernameFlag && c.passwordFlag).toBe(true);
    expect(c.clientId).toMatch(/^ESP32_[0-9a-f]{2}[0-9A-F]{4}$/);
  });
});

describe("host esp-mqtt: TLS", () => {
  let tls: Broker;
  let mutual: Broker;
  beforeAll(async () => {
    [tls, mutual] = await Promise.all([startBroker({ tls: true }), startBroker({ tls: { requireCertificate: true } })]);
  });
  afterAll(async () => {
    await tls?.stop();
    await mutual?.stop();
  });

  it("connects when the server verifies against the CA (IP and DNS name)", async () => {
    const byIp = driver(["--uri", `mqtts://127.0.0.1:${tls.tlsPort}`, "--ca", tls.certs!.caCert]);
    byIp.send("start");
    await byIp.waitFor(/^EV CONNECTED/);
    byIp.send("sub tls/x 1", "pub tls/x 1 0 secure");
    await byIp.waitFor(/^EV DATA .*topic=tls\/x .*data=736563757265/);
    await byIp.quit();
    const byName = driver(["--host", "localhost", "--port", String(tls.tlsPort), "--transport", "ssl", "--ca", tls.certs!.caCert]);
    byName.send("start");
    await byName.waitFor(/^EV CONNECTED/);
    await byName.quit();
  });

  it("a wrong CA fails through MQTT_EVENT_ERROR (TCP_TRANSPORT, handshake failed, verify code), then DISCONNECTED", async () => {
    const d = driver(["--uri", `mqtts://127.0.0.1:${tls.tlsPort}`, "--ca", tls.certs!.otherCaCert, "--no-reconnect"]);
    d.send("start");
    const err = await d.waitFor(/^EV ERROR type=(\d+) .*tls=(0x[0-9a-f]+) stack=\d+ verify=(\d+)/);
    expect(err.match[1]).toBe("1");
    expect(err.match[2]).toBe("0x801a"); // ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED
    expect(Number(err.match[3])).toBeGreaterThan(0);
    await d.waitFor(/^EV DISCONNECTED/);
    expect(d.matching(/^EV CONNECTED/)).toHaveLength(0);
    await d.quit();
  });

  it("checks the server name unless skip_cert_common_name_check", async () => {
    const wrong = driver(["--uri", `mqtts://127.0.0.1:${tls.tlsPort}`, "--ca", tls.certs!.caCert, "--common-name", "other.example", "--no-reconnect"]);
    wrong.send("start");
    const err = await wrong.waitFor(/^EV ERROR type=1 .*verify=(\d+)/);
    expect(err.match[1]).toBe("62"); // X509_V_ERR_HOSTNAME_MISMATCH
    await wrong.quit();
    const skip = driver(["--uri", `mqtts://127.0.0.1:${tls.tlsPort}`, "--ca", tls.certs!.caCert, "--common-name", "other.example", "--skip-cn"]);
    skip.send("start");
    await skip.waitFor(/^EV CONNECTED/);
    await skip.quit();
  });

  it("mutual auth: connects with the client certificate, fails without it", async () => {
    const ok = driver([
      "--uri", `mqtts://127.0.0.1:${mutual.tlsPort}`, "--ca", mutual.certs!.caCert,
      "--cert", mutual.certs!.clientCert, "--key", mutual.certs!.clientKey,
    ]);
    ok.send("start");
    await ok.waitFor(/^EV CONNECTED/);
    await ok.quit();
    const without = driver(["--uri", `mqtts://127.0.0.1:${mutual.tlsPort}`, "--ca", mutual.certs!.caCert, "--no-reconnect"]);
    without.send("start");
    await without.waitFor(/^EV ERROR type=1 /);
    await without.waitFor(/^EV DISCONNECTED/);
    expect(without.matching(/^EV CONNECTED/)).toHaveLength(0);
    await without.quit();
  });

  it("ws:// and wss:// are refused at init with a clear message", async () => {
    const d = driver(["--uri", "ws://127.0.0.1:8080/mqtt"]);
    await d.waitFor(/^INIT failed/);
    expect((await d.exited).code).toBe(3);
    expect(d.stderr).toMatch(/WebSocket/);
  });
});

describe("host esp-mqtt: sanitizers", () => {
  it("ASan/UBSan/LSan: round trip, chunks, destroy with operations pending, restart of a client", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--reconnect-ms", "200"], binAsan, {
      ASAN_OPTIONS: "detect_leaks=1:abort_on_error=0:exitcode=23",
      UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1",
    });
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub asan/# 2", "pubpat asan/big 2 3000", "pub asan/x 1 0 y", "flood asan/f 1 200");
    await d.waitFor(/^RET flood 200/);
    await d.waitFor(/^EV DATA .*topic=asan\/x/);
    d.send("stop", "start");
    await d.waitFor(/^RET start ESP_OK/, 10_000, d.lines.findIndex((l) => l.startsWith("RET stop")));
    await d.waitFor(/^EV CONNECTED/, 5000, d.lines.findIndex((l) => l.startsWith("RET stop")));
    d.send("enqueue asan/e 0 0 stored", "flood asan/f 2 50", "destroy");
    const exit = await d.exited;
    expect(sanitizerReports(d.stderr), d.stderr).toEqual([]);
    expect(exit.code).toBe(0);
    expect(d.matching(/^RET destroy ESP_OK/)).toHaveLength(1);
  });

  it("TSan: API calls from the caller's thread race-free with the client thread", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--reconnect-ms", "200"], binTsan, {
      TSAN_OPTIONS: "exitcode=66 halt_on_error=0 second_deadlock_stack=1",
    });
    d.send("start");
    await d.waitFor(/^EV CONNECTED/, 20_000);
    d.send("sub tsan/# 1", "flood tsan/a 1 300", "flood tsan/b 0 300", "outbox", "unsub tsan/#", "disconnect");
    await d.waitFor(/^EV DISCONNECTED/, 20_000);
    await d.waitFor(/^EV CONNECTED/, 20_000, d.lines.findIndex((l) => l.startsWith("EV DISCONNECTED")));
    // offline publishes, a stored QoS 0 message flushed from the CONNECTED callback, set_uri while running
    d.send("disconnect", "enqueue tsan/e 0 0 stored", "pub tsan/p 1 0 offline", "flood tsan/c 1 50");
    await d.waitFor(/^RET flood 50/, 20_000);
    d.send(`seturi mqtt://127.0.0.1:${broker.port}`, "stop", "start", "sleep 300", "destroy");
    const exit = await d.exited;
    expect(d.matching(/^RET destroy ESP_OK/)).toHaveLength(1);
    expect(sanitizerReports(d.stderr), d.stderr).toEqual([]);
    expect(exit.code).toBe(0);
  });
});
