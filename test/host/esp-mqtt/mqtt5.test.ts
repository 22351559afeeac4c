// MQTT 5 of the host esp-mqtt (CONFIG_MQTT_PROTOCOL_5, host --config
// MQTT_PROTOCOL_5=y): esp_mqtt_driver.c built with it under ASan+UBSan+LSan,
// against a real mosquitto 2 and mosquitto_sub/mosquitto_pub -V 5 as the peers.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../../helpers/broker.ts";
import { dynsecDenyingSubscriptions } from "../../helpers/dynsec.ts";
import { tcpRelay } from "../../helpers/relay.ts";
import { sleep } from "../../helpers/ports.ts";
import { sanitizerReports } from "../../helpers/sanitizer.ts";
import { promisify } from "node:util";
import { strictFlags } from "../../compiler/helpers.ts";
import { buildDriver, Driver } from "./driver.ts";

let bin: string; // v5, ASan+UBSan+LSan
let binV5Plain: string; // v5 without sanitizers: -Werror compile check, and the v3-client-in-a-v5-build case
let binNoV5: string; // CONFIG_MQTT_PROTOCOL_5 unset
let broker: Broker;
const drivers: Driver[] = [];
const peers = new Set<ChildProcess>();

const SAN_ENV = {
  ASAN_OPTIONS: "detect_leaks=1:abort_on_error=0:exitcode=23",
  UBSAN_OPTIONS: "halt_on_error=1:print_stacktrace=1",
};

function driver(args: string[], binary = bin): Driver {
  const d = new Driver(binary, args, SAN_ENV);
  drivers.push(d);
  return d;
}

/** Quits the driver (destroying the client) and checks it ended clean under the sanitizers. */
async function finish(d: Driver): Promise<void> {
  const exit = await d.quit();
  expect(sanitizerReports(d.stderr), d.stderr).toEqual([]);
  expect(exit.code).toBe(0);
}

interface Peer {
  lines: string[];
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  done: Promise<number | null>;
  kill(): void;
}

/** mosquitto_sub or mosquitto_pub (MQTT 5) with stdout kept line by line. */
function peer(cmd: "mosquitto_sub" | "mosquitto_pub", args: string[]): Peer {
  const child = spawn("stdbuf", ["-oL", cmd, "-V", "5", "-h", "127.0.0.1", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  peers.add(child);
  const lines: string[] = [];
  let pending = "";
  let err = "";
  const onData = (d: Buffer) => {
    pending += d.toString();
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      lines.push(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((res) => child.once("exit", (code) => (peers.delete(child), res(code))));
  return {
    lines,
    done,
    kill: () => child.kill("SIGKILL"),
    async waitFor(re, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const l of lines) {
          const m = re.exec(l);
          if (m) return m;
        }
        if (Date.now() > deadline) throw new Error(`${cmd}: no line matching ${re}; got:\n${lines.join("\n")}\n${err}`);
        await sleep(30);
      }
    },
  };
}

/** A v5 subscriber printing "MSG topic|qos|retain|pfi|expiry|rt|ct|cd-hex-as-text|user props|payload". */
async function sub5(port: number, filter: string, extra: string[] = []): Promise<Peer> {
  const p = peer("mosquitto_sub", ["-p", String(port), "-d", "-q", "1", "-t", filter, "-F", "MSG %t|%q|%r|%F|%E|%R|%C|%D|%P|%p", ...extra]);
  await p.waitFor(/received SUBACK/);
  return p;
}

/** mosquitto_pub -V 5 once; resolves when it has exited 0. */
async function pub5(port: number, args: string[]): Promise<void> {
  const p = peer("mosquitto_pub", ["-p", String(port), ...args]);
  expect(await p.done).toBe(0);
}

/** The value of `name=` in an event line (up to the next space). */
function field(line: string, name: string): string {
  const m = new RegExp(`(?:^| )${name}=(\\S*)`).exec(line);
  if (!m) throw new Error(`no ${name}= in ${line}`);
  return m[1];
}

function hexOf(s: string): string {
  return Buffer.from(s).toString("hex");
}

beforeAll(async () => {
  [bin, binV5Plain, binNoV5, broker] = await Promise.all([
    buildDriver("v5asan"),
    buildDriver("v5"),
    buildDriver("plain"),
    startBroker({ debugLog: true }),
  ]);
});

afterAll(async () => {
  for (const d of drivers) d.kill();
  for (const p of peers) p.kill("SIGKILL");
  await broker?.stop();
});

describe("host esp-mqtt MQTT 5: selection", () => {
  it("protocol_ver MQTT_PROTOCOL_V_5 connects as MQTT 5 (the broker logs p5); events carry a property block", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5", "--id", "v5-select"]);
    d.send("start");
    const c = await d.waitFor(/^EV CONNECTED session=0 proto=3 thread=task/);
    expect(c.line).toMatch(/ pfi=0 rt= ct= cd= sid=0 up=$/);
    expect(broker.log()).toMatch(/New client connected from \S+ as v5-select \(p5, c1, k120\)/);
    await finish(d);
  });

  it("a 3.1.1 client of a v5 build has no property block and the v5 setters refuse it, with esp-mqtt's line", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "4", "--id", "v311-in-v5"], binV5Plain);
    d.send("start");
    const c = await d.waitFor(/^EV CONNECTED session=0 proto=2 /);
    expect(c.line).toMatch(/ props=none$/);
    d.send("pubprops ct=x", "subprops id=1", "unsubprops", "discprops reason=4", "connprops expiry=5");
    expect((await d.waitFor(/^RET pubprops (\S+)/)).match[1]).toBe("ESP_FAIL");
    expect((await d.waitFor(/^RET subprops (\S+)/)).match[1]).toBe("-1");
    expect((await d.waitFor(/^RET unsubprops (\S+)/)).match[1]).toBe("ESP_FAIL");
    expect((await d.waitFor(/^RET discprops (\S+)/)).match[1]).toBe("ESP_FAIL");
    expect((await d.waitFor(/^RET connprops (\S+)/)).match[1]).toBe("ESP_FAIL");
    expect(broker.log()).toMatch(/as v311-in-v5 \(p2,/); // mosquitto's p2 = 3.1.1
    // 3.1.1 as without the option: QoS 0/1/2 round trip, PUBLISHED and UNSUBSCRIBED without data
    d.send("sub v311in5/# 2");
    await d.waitFor(/^EV SUBSCRIBED .*codes=02 err=0 /);
    d.send("pub v311in5/a 0 0 zero", "pub v311in5/b 1 0 one", "pub v311in5/c 2 0 two");
    await d.waitFor(/^EV DATA .*topic=v311in5\/c .*qos=2 .*data=74776f props=none$/);
    const published = /^EV PUBLISHED id=\d+ thread=task codes= props=none$/;
    await d.waitFor(published, 5000, (await d.waitFor(published)).index + 1);
    await sleep(300);
    expect(d.matching(/^EV DATA .*topic=v311in5\//)).toHaveLength(3);
    expect(d.matching(published)).toHaveLength(2);
    d.send("unsub v311in5/#");
    await d.waitFor(/^EV UNSUBSCRIBED id=\d+ thread=task codes= props=none$/);
    await d.quit();
    expect(d.stderr.match(/E mqtt5_client: MQTT protocol version is not v5/g)).toHaveLength(5);
  });

  it("the port and the driver compile with clang -Werror with and without CONFIG_MQTT_PROTOCOL_5", async () => {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
    const sources = readdirSync(path.join(root, "host/esp-mqtt"))
      .filter((f) => f.endsWith(".c"))
      .map((f) => path.join(root, "host/esp-mqtt", f));
    const check = async (v5: boolean) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "p5-clang-"));
      writeFileSync(path.join(dir, "sdkconfig.h"), `#define CONFIG_MQTT_PROTOCOL_311 1\n${v5 ? "#define CONFIG_MQTT_PROTOCOL_5 1\n" : ""}`);
      const r = await promisify(execFile)("clang", [...strictFlags, "-fsyntax-only", "-I", dir, "-I", path.join(root, "host/include"),
        ...sources, path.join(root, "test/host/esp-mqtt/esp_mqtt_driver.c")]);
      expect(r.stderr).toBe("");
    };
    await Promise.all([check(true), check(false)]);
  });

  it("without CONFIG_MQTT_PROTOCOL_5 protocol_ver 5 fails init with esp-mqtt's line", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"], binNoV5);
    // init failing ends the driver at once; a client made anyway would wait for commands
    const exit = await Promise.race([d.exited, sleep(5000).then(() => ({ code: "still running" }))]);
    expect(exit.code).toBe(3);
    expect(d.lines).toContain("INIT failed");
    expect(d.stderr).toMatch(/E mqtt_client: Please first enable MQTT_PROTOCOL_5 feature in menuconfig/);
  });
});

describe("host esp-mqtt MQTT 5: properties", () => {
  it("publish properties reach mosquitto_sub -V 5, for that one publish only", async () => {
    const s = await sub5(broker.port, "p5/out/#");
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("pubprops pfi=1 expiry=3600 rt=p5/reply ct=text/plain cd=" + hexOf("req-42") + " user=k:v1 user=k:v2 user=app:test");
    expect((await d.waitFor(/^RET pubprops (\S+)/)).match[1]).toBe("ESP_OK");
    d.send("pub p5/out/a 1 0 first", "pub p5/out/b 1 0 second");
    const a = await s.waitFor(/^MSG p5\/out\/a\|(.*)$/);
    // qos|retain|pfi|expiry|rt|ct|cd|user|payload; the broker counts the expiry down by the seconds it held it
    const [qos, retain, pfi, expiry, rt, ct, cd, user, payload] = a[1].split("|");
    expect([qos, retain, pfi, rt, ct, cd, payload]).toEqual(["1", "0", "1", "p5/reply", "text/plain", "req-42", "first"]);
    expect(Number(expiry)).toBeGreaterThan(3590);
    expect(user).toBe("k:v1 k:v2 app:test");
    const b = await s.waitFor(/^MSG p5\/out\/b\|(.*)$/);
    expect(b[1]).toBe("1|0|||||||second");
    await finish(d);
    s.kill();
  });

  it("properties from mosquitto_pub -V 5 -D publish ... reach the DATA event's property fields", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subprops id=42", "sub p5/in/# 1");
    await d.waitFor(/^EV SUBSCRIBED .*codes=01 /);
    await pub5(broker.port, [
      "-t", "p5/in/x", "-q", "1", "-m", "payload",
      "-D", "publish", "payload-format-indicator", "1",
      "-D", "publish", "content-type", "application/json",
      "-D", "publish", "response-topic", "p5/answers",
      "-D", "publish", "correlation-data", "corr-7",
      "-D", "publish", "message-expiry-interval", "120",
      "-D", "publish", "user-property", "k", "v",
      "-D", "publish", "user-property", "k", "w",
      "-D", "publish", "user-property", "other", "x y",
    ]);
    const ev = (await d.waitFor(/^EV DATA .*topic=p5\/in\/x /)).line;
    expect(field(ev, "data")).toBe(hexOf("payload"));
    expect(field(ev, "pfi")).toBe("1");
    expect(field(ev, "ct")).toBe("application/json");
    expect(field(ev, "rt")).toBe("p5/answers");
    expect(field(ev, "cd")).toBe(hexOf("corr-7"));
    expect(field(ev, "sid")).toBe("42");
    expect(ev).toMatch(/ up=k=v,k=w,other=x y$/); // repeated keys kept, in order
    // a message without properties: all empty (nothing left over from the last event)
    await pub5(broker.port, ["-t", "p5/in/plain", "-q", "1", "-m", "p"]);
    const plain = (await d.waitFor(/^EV DATA .*topic=p5\/in\/plain /)).line;
    expect(plain).toMatch(/ pfi=0 rt= ct= cd= sid=42 up=$/);
    await finish(d);
  });

  it("a long message with properties: the first DATA chunk is shortened by them, later chunks carry no strings", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub p5big/t 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    const body = "z".repeat(3000);
    await pub5(broker.port, ["-t", "p5big/t", "-q", "1", "-m", body, "-D", "publish", "content-type", "text/plain",
      "-D", "publish", "payload-format-indicator", "1"]);
    await d.waitFor(/^EV DATA .*off=2\d\d\d total=3000 /);
    const chunks = d.matching(/^EV DATA /);
    // buffer 1024: fixed header 3 + topic length 2 + "p5big/t" 7 + id 2 + property length 1 +
    // content type (1 + 2 + 10) + payload format indicator (1 + 1) = 30 bytes before the payload
    expect(chunks.map((l) => Number(field(l, "len")))).toEqual([994, 1024, 982]);
    expect(field(chunks[0], "ct")).toBe("text/plain");
    expect(chunks.slice(1).every((l) => / ct= cd= /.test(l) && / pfi=1 /.test(l))).toBe(true);
    await finish(d);
  });

  it("connect and will properties: session expiry, maximum packet size (the broker keeps bigger messages from us), will with its properties", async () => {
    const s = await sub5(broker.port, "p5will/#");
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5", "--id", "p5-will",
      "--lwt-topic", "p5will/gone", "--lwt-hex", hexOf("bye"), "--lwt-qos", "1"]);
    d.send("connprops expiry=77 maxpkt=300 user=dev:esp32 will_ct=text/x-will will_rt=p5will/ack will_cd=" + hexOf("w-1") +
      " will_user=why:test will_pfi=1 will_expiry=900");
    expect((await d.waitFor(/^RET connprops (\S+)/)).match[1]).toBe("ESP_OK");
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    const log = broker.log();
    expect(log).toMatch(/as p5-will \(p5, c1, k120\)/);
    d.send("sub p5mps/# 0");
    await d.waitFor(/^EV SUBSCRIBED/);
    await pub5(broker.port, ["-t", "p5mps/big", "-m", "x".repeat(400)]);
    await pub5(broker.port, ["-t", "p5mps/small", "-m", "ok"]);
    await d.waitFor(/^EV DATA .*topic=p5mps\/small /);
    expect(d.matching(/topic=p5mps\/big /)).toEqual([]);
    // a DISCONNECT with reason 0x04 (disconnect with will message): the broker publishes the will
    d.send("discprops reason=4", "disconnect");
    const w = await s.waitFor(/^MSG p5will\/gone\|(.*)$/);
    const [, , pfi, expiry, rt, ct, cd, user, payload] = w[1].split("|");
    expect([pfi, rt, ct, cd, user, payload]).toEqual(["1", "p5will/ack", "text/x-will", "w-1", "why:test", "bye"]);
    expect(Number(expiry)).toBeGreaterThan(890);
    await finish(d);
    s.kill();
  });

  it("CONNECT on the wire: MQTT level 5, properties in esp-mqtt's order; 0 maximum_packet_size sends buffer.size", async () => {
    /** The CONNECT's property bytes (after protocol name, level, flags and keepalive) as hex, and its level. */
    const connectProps = async (props: string[]) => {
      const relay = await tcpRelay(broker.port);
      const d = driver(["--host", "127.0.0.1", "--port", String(relay.port), "--transport", "tcp", "--proto", "5", "--id", "wire5"]);
      d.send(...props, "start");
      await d.waitFor(/^EV CONNECTED/);
      const b = relay.firstBytes();
      let i = 1;
      while (b[i]! & 0x80) i++;
      i++; // fixed header done
      const level = b[i + 6];
      i += 10; // 00 04 "MQTT" level flags keepalive(2)
      let len = 0;
      for (let mult = 1; ; mult *= 128) {
        const byte = b[i++]!;
        len += (byte & 0x7f) * mult;
        if (!(byte & 0x80)) break;
      }
      await finish(d);
      await relay.close();
      return { level, props: b.subarray(i, i + len).toString("hex") };
    };
    const full = await connectProps(["connprops expiry=77 maxpkt=300 recvmax=5 aliasmax=4 reqresp=1 reqproblem=1 user=a:b user=a:c"]);
    expect(full.level).toBe(5);
    // session expiry, maximum packet size, receive maximum, topic alias maximum, request response
    // information, request problem information, user properties
    expect(full.props).toBe("110000004d" + "270000012c" + "210005" + "220004" + "1901" + "1701" + "26000161000162" + "26000161000163");
    const defaults = await connectProps(["connprops expiry=5"]);
    // no receive_maximum: esp-mqtt sends none; libmosquitto always sends one, so the host sends 65535,
    // the value a broker assumes without it (libmosquitto's own default would be 20)
    expect(defaults.props).toBe("1100000005" + "2700000400" + "21ffff");
  });

  it("set_connect_property: maximum_packet_size over buffer.size fails with esp-mqtt's warning; 0 means the buffer size", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5", "--buffer", "512"]);
    d.send("connprops maxpkt=600");
    expect((await d.waitFor(/^RET connprops (\S+)/)).match[1]).toBe("ESP_FAIL");
    await finish(d);
    expect(d.stderr).toMatch(/W mqtt5_client: Connect maximum_packet_size property is over buffer_size\(512\), Please first change it/);
  });

  it("user property lists: set/get/count/delete as esp-mqtt (items without key or value skipped, 0 items refused)", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("userprops a:1 b:2 a:3");
    expect((await d.waitFor(/^RET userprops empty-set (\S+)/)).match[1]).toBe("ESP_FAIL");
    expect((await d.waitFor(/^RET userprops count=.*/)).line).toBe("RET userprops count=3 up=a=1,b=2,a=3 first2=ESP_OK/2");
    expect((await d.waitFor(/^RET userprops get0 (\S+)/)).match[1]).toBe("ESP_FAIL");
    await finish(d);
    expect(d.stderr).toMatch(/E mqtt5_client: Input value is NULL\n/);
    expect(d.stderr).toMatch(/E mqtt5_client: Input value is NULL or item_num is 0/);
  });
});

describe("host esp-mqtt MQTT 5: subscription options", () => {
  it("no_local: the client's own publishes do not come back on that subscription; without it they do", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subprops nolocal=1", "sub p5nl/quiet 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    const first = d.lines.length;
    d.send("sub p5nl/loud 1");
    await d.waitFor(/^EV SUBSCRIBED/, 5000, first);
    d.send("pub p5nl/quiet 1 0 mine", "pub p5nl/loud 1 0 mine");
    await d.waitFor(/^EV DATA .*topic=p5nl\/loud /);
    await pub5(broker.port, ["-t", "p5nl/quiet", "-q", "1", "-m", "theirs"]);
    await d.waitFor(/^EV DATA .*topic=p5nl\/quiet .*data=746865697273 /);
    await sleep(300);
    expect(d.matching(/topic=p5nl\/quiet .*data=6d696e65 /)).toEqual([]);
    await finish(d);
  });

  it("retain handling 2 sends no retained message at subscribe, 0 does; retain_as_published keeps the flag on live messages", async () => {
    await pub5(broker.port, ["-t", "p5ret/kept", "-r", "-q", "1", "-m", "old"]);
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subprops rh=2 rap=1", "sub p5ret/kept 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    await sleep(400);
    expect(d.matching(/^EV DATA /)).toEqual([]);
    const mark = d.lines.length;
    d.send("sub p5ret/# 1"); // retain handling 0: the retained message comes
    await d.waitFor(/^EV DATA .*topic=p5ret\/kept .*retain=1 .*data=6f6c64 /, 5000, mark);
    // a live retained publish: retain=1 on the rap subscription (subscription id-less duplicates aside)
    await pub5(broker.port, ["-t", "p5ret/kept", "-r", "-q", "1", "-m", "new"]);
    const first = await d.waitFor(/^EV DATA .*topic=p5ret\/kept .*data=6e6577 /, 5000, mark);
    await d.waitFor(/^EV DATA .*topic=p5ret\/kept .*data=6e6577 /, 5000, first.index + 1);
    await sleep(300);
    const live = d.matching(/^EV DATA .*topic=p5ret\/kept .*data=6e6577 /);
    // two overlapping subscriptions: one copy with retain 1 (retain_as_published), one with 0
    expect(live.map((l) => field(l, "retain")).sort()).toEqual(["0", "1"]);
    await pub5(broker.port, ["-t", "p5ret/kept", "-r", "-n"]); // clear
    await finish(d);
  });

  it("setter checks of esp-mqtt: retain_handle 3, No Local on a shared subscription, an empty share name; a shared subscription works", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("subprops rh=3");
    expect((await d.waitFor(/^RET subprops (\S+)/)).match[1]).toBe("-1");
    d.send("subprops share=g nolocal=1");
    expect((await d.waitFor(/^RET subprops (\S+)/, 5000, d.lines.length - 1)).match[1]).toBe("-1");
    d.send("subprops share=");
    await sleep(200);
    expect(d.matching(/^RET subprops /)).toEqual(["RET subprops -1", "RET subprops -1", "RET subprops -1"]);
    d.send("subprops share=grp", "sub p5sh/t 1");
    await d.waitFor(/^EV SUBSCRIBED .*codes=01 /);
    expect(broker.log()).toMatch(/\$share\/grp\/p5sh\/t/);
    await pub5(broker.port, ["-t", "p5sh/t", "-q", "1", "-m", "s"]);
    await d.waitFor(/^EV DATA .*topic=p5sh\/t /);
    d.send("unsubprops share=grp user=u:1", "unsub p5sh/t");
    await d.waitFor(/^EV UNSUBSCRIBED /);
    await finish(d);
    expect(d.stderr).toMatch(/E mqtt5_client: retain_handle only support 0, 1, 2/);
    expect(d.stderr).toMatch(/E mqtt5_client: Protocol error that no local flag set on shared subscription/);
    expect(d.stderr).toMatch(/E mqtt5_client: Share name can't be empty for shared subscribe/);
  });
});

describe("host esp-mqtt MQTT 5: reason codes", () => {
  let auth: Broker;
  beforeAll(async () => {
    auth = await startBroker({
      users: { alice: "secret" },
      acl: "user alice\ntopic readwrite allowed/#\ntopic read readonly/#\n",
      extraConfig: "max_packet_size 300\n",
    });
  });
  afterAll(async () => auth?.stop());

  it("refused CONNACKs: ERROR CONNECTION_REFUSED with the v5 reason code (0x87 for a wrong password or none), esp-mqtt's line", async () => {
    const run = async (args: string[]) => {
      const d = driver(["--uri", `mqtt://127.0.0.1:${auth.port}`, "--proto", "5", "--no-reconnect", ...args]);
      d.send("start");
      const e = await d.waitFor(/^EV ERROR type=(\d+) code=(\d+) /);
      const disc = await d.waitFor(/^EV DISCONNECTED/);
      expect(disc.index).toBeGreaterThan(e.index);
      await finish(d);
      return { type: e.match[1], code: Number(e.match[2]), stderr: d.stderr };
    };
    // mosquitto 2.0.11 answers a wrong password with 0x87 Not authorized, as it does a missing user name
    const bad = await run(["--user", "alice", "--pass", "wrong"]);
    expect([bad.type, bad.code]).toEqual(["2", 0x87]);
    expect(bad.stderr).toMatch(/W mqtt5_client: Not authorized/);
    const anon = await run([]);
    expect([anon.type, anon.code]).toEqual(["2", 0x87]);
  });

  it("UNSUBACK reason codes reach UNSUBSCRIBED's data: 0x00 success, 0x11 no subscription existed", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub p5un/a 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    d.send("unsub p5un/a");
    const a = (await d.waitFor(/^RET unsub (\d+)/)).match[1];
    expect((await d.waitFor(new RegExp(`^EV UNSUBSCRIBED id=${a} .*codes=(\\S*) `))).match[1]).toBe("00");
    const mark = d.lines.length;
    d.send("unsub p5un/never");
    const b = (await d.waitFor(/^RET unsub (\d+)/, 5000, mark)).match[1];
    expect((await d.waitFor(new RegExp(`^EV UNSUBSCRIBED id=${b} .*codes=(\\S*) `))).match[1]).toBe("11");
    await finish(d);
  });

  it("PUBACK reason codes reach PUBLISHED's data: 0x10 no matching subscribers; QoS 2 (its code is in PUBREC, which esp-mqtt only logs): none", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${auth.port}`, "--proto", "5", "--user", "alice", "--pass", "secret"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("pub allowed/nobody 1 0 x");
    const id = (await d.waitFor(/^RET pub (\d+)/)).match[1];
    expect((await d.waitFor(new RegExp(`^EV PUBLISHED id=${id} .*codes=(\\S*) `))).match[1]).toBe("10");
    const mark = d.lines.length;
    d.send("pub allowed/nobody 2 0 x");
    const id2 = (await d.waitFor(/^RET pub (\d+)/, 5000, mark)).match[1];
    expect((await d.waitFor(new RegExp(`^EV PUBLISHED id=${id2} .*codes=(\\S*) `))).match[1]).toBe("");
    await finish(d);
  });

  it("ACL: a QoS 1 publish outside it gets PUBLISHED with the PUBACK's 0x87; inside, no code", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${auth.port}`, "--proto", "5", "--user", "alice", "--pass", "secret"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub allowed/# 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    d.send("pub readonly/x 1 0 denied");
    const id = (await d.waitFor(/^RET pub (\d+)/)).match[1];
    const ev = await d.waitFor(new RegExp(`^EV PUBLISHED id=${id} .*codes=(\\S*) `));
    expect(ev.match[1]).toBe("87");
    const mark = d.lines.length;
    d.send("pub allowed/x 1 0 fine");
    const id2 = (await d.waitFor(/^RET pub (\d+)/, 5000, mark)).match[1];
    await d.waitFor(/^EV DATA .*topic=allowed\/x /);
    // the PUBACK may come before or after the message itself
    const ok = await d.waitFor(new RegExp(`^EV PUBLISHED id=${id2} `));
    expect(field(ok.line, "codes")).toBe("");
    await finish(d);
  });

  it("a packet over the broker's max_packet_size: libmosquitto refuses it locally (-1), the connection stays", async () => {
    const d = driver(["--uri", `mqtt://127.0.0.1:${auth.port}`, "--proto", "5", "--user", "alice", "--pass", "secret"]);
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("sub allowed/# 1");
    await d.waitFor(/^EV SUBSCRIBED/);
    d.send("pubpat allowed/big 1 400");
    expect((await d.waitFor(/^RET pubpat (-?\d+)/)).match[1]).toBe("-1");
    d.send("pubpat allowed/small 1 100");
    await d.waitFor(/^EV DATA .*topic=allowed\/small /);
    expect(d.matching(/^EV DISCONNECTED/)).toEqual([]);
    await finish(d);
  });

  it("a server DISCONNECT (0x8E with a reason string): esp-mqtt skips it, the connection ends as a closed link (ERROR TCP_TRANSPORT 104, DISCONNECTED)", async () => {
    // a scripted v5 server: CONNACK, then DISCONNECT "session taken over" with a Reason String, then close
    const server = net.createServer((sock) => {
      sock.once("data", () => {
        sock.write(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]));
        setTimeout(() => {
          const reason = Buffer.from("gone");
          const props = Buffer.concat([Buffer.from([0x1f, 0x00, reason.length]), reason]);
          sock.end(Buffer.concat([Buffer.from([0xe0, 2 + props.length, 0x8e, props.length]), props]));
        }, 300);
      });
      sock.on("error", () => undefined);
    });
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const d = driver(["--uri", `mqtt://127.0.0.1:${port}`, "--proto", "5", "--no-reconnect"]);
      d.send("start");
      await d.waitFor(/^EV CONNECTED/);
      const err = await d.waitFor(/^EV ERROR type=(\d+) code=(\d+) errno=(\d+) /);
      expect([err.match[1], err.match[2], err.match[3]]).toEqual(["1", "0", "104"]);
      const disc = await d.waitFor(/^EV DISCONNECTED/);
      expect(disc.index).toBeGreaterThan(err.index);
      await finish(d);
      expect(d.stderr).toMatch(/\(host\) the broker sent DISCONNECT with reason 0x8e/);
    } finally {
      server.close();
    }
  });

  it("esp-mqtt's checks against the CONNACK: QoS above Maximum QoS and retain without Retain Available give -1; SUBACK 0x87 is not SUBSCRIBE_FAILED", async () => {
    const limited = await startBroker({ extraConfig: "max_qos 1\nretain_available false\n" });
    const dynsecDir = mkdtempSync(path.join(os.tmpdir(), "p5-dynsec-"));
    const refusing = await startBroker({ extraConfig: dynsecDenyingSubscriptions(dynsecDir, "secret") });
    try {
      const d = driver(["--uri", `mqtt://127.0.0.1:${limited.port}`, "--proto", "5"]);
      d.send("start");
      await d.waitFor(/^EV CONNECTED/);
      d.send("sub lim/two 2", "sub lim/one 1", "pub lim/x 2 0 a", "pub lim/x 1 1 a", "pub lim/x 1 0 a");
      await d.waitFor(/^EV SUBSCRIBED .*codes=01 /);
      const rets = (await d.waitFor(/^RET pub \d+$/)) && d.matching(/^RET (sub|pub) /);
      expect(rets.slice(0, 4)).toEqual(["RET sub -1", expect.stringMatching(/^RET sub \d+$/), "RET pub -1", "RET pub -1"]);
      await finish(d);
      expect(d.stderr).toMatch(/E mqtt5_client: Server only support max QoS level 1/);
      expect(d.stderr).toMatch(/E mqtt5_client: Server not support retain/);

      const r = driver(["--uri", `mqtt://127.0.0.1:${refusing.port}`, "--proto", "5"]);
      r.send("start");
      await r.waitFor(/^EV CONNECTED/);
      r.send("subm secret/a 1 open/b 1");
      // esp-mqtt marks only 0x80 as SUBSCRIBE_FAILED; a v5 refusal is 0x87 and stays error_type 0
      await r.waitFor(/^EV SUBSCRIBED .*codes=8701 err=0 /);
      await finish(r);
    } finally {
      await limited.stop();
      await refusing.stop();
    }
  });
});

describe("host esp-mqtt MQTT 5: session and topic alias", () => {
  it("session expiry keeps a persistent session across a reconnect; without it the v5 session ends at the disconnect", async () => {
    const run = async (id: string, props: string[]) => {
      const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5", "--id", id, "--persistent"]);
      d.send(...props, "start");
      await d.waitFor(/^EV CONNECTED session=0 /);
      d.send("sub p5sess/" + id + " 1");
      await d.waitFor(/^EV SUBSCRIBED/);
      d.send("stop");
      await d.waitFor(/^RET stop ESP_OK/);
      await pub5(broker.port, ["-t", "p5sess/" + id, "-q", "1", "-m", "while-away"]);
      const mark = d.lines.length;
      d.send("start");
      const c = await d.waitFor(/^EV CONNECTED session=(\d) /, 10_000, mark);
      // a kept session delivers the queued message right after the CONNACK
      if (c.match[1] === "1") await d.waitFor(/^EV DATA /, 5000, mark).catch(() => undefined);
      await sleep(500);
      const got = d.matching(/^EV DATA .*data=7768696c652d61776179 /, mark).length;
      await finish(d);
      return { session: c.match[1], got };
    };
    expect(await run("p5-keep", ["connprops expiry=60"])).toEqual({ session: "1", got: 1 });
    expect(await run("p5-lose", [])).toEqual({ session: "0", got: 0 });
  });

  it("topic alias: beyond the server's Topic Alias Maximum (10) refused; within it the messages arrive", async () => {
    const s = await sub5(broker.port, "p5alias/#");
    const d = driver(["--uri", `mqtt://127.0.0.1:${broker.port}`, "--proto", "5"]);
    d.send("pubprops alias=1");
    expect((await d.waitFor(/^RET pubprops (\S+)/)).match[1]).toBe("ESP_FAIL"); // no CONNACK yet: maximum 0
    d.send("start");
    await d.waitFor(/^EV CONNECTED/);
    d.send("pubprops alias=11");
    await sleep(200);
    d.send("pubprops alias=3", "pub p5alias/a 1 0 one", "pubprops alias=3", "pub p5alias/a 1 0 two");
    await s.waitFor(/^MSG p5alias\/a\|.*\|two$/);
    expect(s.lines.filter((l) => l.startsWith("MSG p5alias/a|")).map((l) => l.split("|").pop())).toEqual(["one", "two"]);
    expect(d.matching(/^RET pubprops /)).toEqual(["RET pubprops ESP_FAIL", "RET pubprops ESP_FAIL", "RET pubprops ESP_OK", "RET pubprops ESP_OK"]);
    await finish(d);
    expect(d.stderr).toMatch(/E mqtt5_client: Topic alias 11 is bigger than server support 10/);
    s.kill();
  });
});
