// Scenario tests (issue 13): ESP8266 scripts run unchanged. Every ESP8266 event, mqtt.Client's
// sixth argument (max_message_length) with messages exactly at and one byte over the limit,
// QoS 1 overflow acknowledged, the ESP8266 documentation's example, a numeric-string port and
// one ESP_LOGW line for every false. Lua 5.1 and 5.3, real Mosquitto.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { freePort } from "../helpers/ports.ts";
import { LUA_VERSIONS, prebuild, run, show, silentServer, unique } from "./helpers.ts";

let broker: Broker;
/** test/mqtt/fixtures/failmalloc.c built: malloc(FAIL_MALLOC_SIZE) fails */
let failmalloc: string;
let tmp: string;

beforeAll(async () => {
  // every packet logged: the broker's own record of the PUBACK for an overflowed message
  broker = await startBroker({ debugLog: true });
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { sanitize: true })]));
  tmp = mkdtempSync(path.join(os.tmpdir(), "failmalloc-"));
  failmalloc = path.join(tmp, "failmalloc.so");
  execFileSync("gcc", ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", failmalloc, path.join(__dirname, "fixtures/failmalloc.c")]);
});

afterAll(async () => {
  await broker?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// a subscribe table of 1237 topics: its esp_mqtt_topic_t list is 1237 * 16 bytes on this
// 64-bit host (a pointer and an int, padded), a size nothing else allocates with malloc
const TOPICS = 1237;
const TOPIC_LIST_BYTES = TOPICS * 16;

/** What esp8266.lua prints: exactly max bytes (topic + payload) is a "message", max + 1 an "overflow". */
const esp8266Lines = (max: number, topicLen: number) => [
  "connfail mqtt.CONN_FAIL_SERVER_NOT_FOUND",
  "connect",
  "suback true",
  `message true ${max - topicLen} true`,
  // the topic and the first max - #topic payload bytes (the same bytes as the message that fit)
  `overflow true ${max - topicLen} true`,
  "unsuback true",
  // the two QoS 0 publishes without a callback of their own: "puback" once each was sent
  // (counted: posted once written, they race with the broker's echo), then the QoS 1 PUBACK
  "pubacks before unsuback 2",
  "puback true out",
  "offline",
  "close true",
  "close again false",
  "done",
];

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("issue 13: an ESP8266-style script gets connfail, connect, suback, puback, message, overflow, unsuback and offline; max_message_length 100 (messages in one event)", async () => {
    const prefix = unique("esp8266", lua);
    const r = await run(lua, "esp8266", [broker.host, broker.port, prefix, 100, await freePort()]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(esp8266Lines(100, `${prefix}/in`.length));
  });

  it.concurrent("issue 13: max_message_length 3000, messages in 1024-byte chunks: exactly at the limit reassembled, one byte over to overflow with its start (ASan/UBSan)", async () => {
    const prefix = unique("esp8266-chunks", lua);
    const r = await run(lua, "esp8266", [broker.host, broker.port, prefix, 3000, await freePort()], { sanitize: true });
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(esp8266Lines(3000, `${prefix}/in`.length));
    expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error|LeakSanitizer/);
  });

  it.concurrent("issue 13: a QoS 1 message over the limit is acknowledged: the broker logs the PUBACK and redelivers nothing to the resumed session", async () => {
    const prefix = unique("overflow-ack", lua);
    const r = await run(lua, "overflowack", [broker.host, broker.port, prefix]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual([
      "connect 1",
      "suback true",
      `overflow true ${50 - `${prefix}/big`.length}`,
      "connect 2",
      // one overflow, no redelivery as "overflow" or "message" after the reconnect
      "after-reconnect 1 0",
      "done",
    ]);
    expect(broker.log()).toMatch(new RegExp(`Sending PUBLISH to ${prefix} \\(d0, q1, r0, m\\d+, '${prefix}/big'`));
    expect(broker.log()).toMatch(new RegExp(`Received PUBACK from ${prefix} \\(Mid: \\d+`));
  });

  it.concurrent("issue 13: the ESP8266 documentation's example (six-argument Client, lwt 0/0, on(\"overflow\"), connect with false) runs against a real broker", async () => {
    const topic = `/${unique("doc", lua)}`;
    const r = await run(lua, "../../../examples/esp8266", [broker.host, broker.port, topic]);
    expect(r.code, show(r)).toBe(0);
    // "sent" (QoS 0: posted to the Lua task once publish has written it) races with the
    // broker's answers: anywhere after "connected", before "offline"
    const sent = r.lines.indexOf("sent");
    expect(sent, show(r)).toBeGreaterThan(0);
    expect(sent, show(r)).toBeLessThan(r.lines.length - 1);
    expect(r.lines.filter((l) => l !== "sent")).toEqual(["connected", "subscribe success", `${topic}:`, "hello", "offline"]);
  });

  it.concurrent("issue 13: every false from publish/subscribe/unsubscribe logs one ESP_LOGW line with its reason; a port given as a numeric string connects", async () => {
    const prefix = unique("refusals", lua);
    const silent = await silentServer();
    const r = await run(lua, "refusals", [broker.host, String(broker.port), prefix, silent.port]).finally(() => silent.close());
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual([
      "never-connected-publish false",
      "never-connected-subscribe false",
      "never-connected-unsubscribe false",
      "silent-connect-returned true",
      "connecting-subscribe false",
      "silent-close true",
      "connect-returned true",
      "connected",
      "wildcard-publish false",
      "bad-filter-subscribe false",
      "bad-filter-unsubscribe false",
      "empty-subscribe false",
      "empty-unsubscribe false",
      "close true",
      "closed-publish false",
      "closed-subscribe false",
      "closed-unsubscribe false",
      "done",
    ]);
    const warnings = [...r.stderr.matchAll(/^W \(\d+\) mqtt: (.*)$/gm)].map((m) => m[1]);
    expect(warnings).toEqual([
      "publish returned false: not connected",
      "subscribe returned false: not connected",
      "unsubscribe returned false: not connected",
      "subscribe returned false: not connected",
      "publish returned false: rejected by esp-mqtt",
      "subscribe returned false: rejected by esp-mqtt",
      "unsubscribe returned false: rejected by esp-mqtt",
      "subscribe returned false: no topics in the table",
      "unsubscribe returned false: no topics in the table",
      "publish returned false: not connected",
      "subscribe returned false: not connected",
      "unsubscribe returned false: not connected",
    ]);
  });

  it.concurrent("issue 13: a table subscribe whose topic list cannot be allocated returns false with \"out of memory\" logged; the same run without the failing malloc subscribes", async () => {
    const failing = await run(lua, "oom", [broker.host, broker.port, unique("oom", lua), TOPICS], {
      env: { LD_PRELOAD: failmalloc, FAIL_MALLOC_SIZE: String(TOPIC_LIST_BYTES) },
    });
    expect(failing.code, show(failing)).toBe(0);
    expect(failing.lines).toEqual(["subscribe false", "done"]);
    expect([...failing.stderr.matchAll(/^W \(\d+\) mqtt: (.*)$/gm)].map((m) => m[1])).toEqual(["subscribe returned false: out of memory"]);
    const control = await run(lua, "oom", [broker.host, broker.port, unique("oom-control", lua), TOPICS]);
    expect(control.code, show(control)).toBe(0);
    expect(control.lines).toEqual(["subscribe true", "done"]);
    expect(control.stderr).not.toMatch(/^W /m);
  });
});
