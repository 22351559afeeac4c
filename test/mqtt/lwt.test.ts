// Scenario tests (issue 5 part 3): the last will, delivered by the broker when the
// client process is SIGKILLed, and what goes on the wire in CONNECT. Lua 5.1 and 5.3.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { subscribe } from "../helpers/clients.ts";
import { sleep } from "../helpers/ports.ts";
import { parseConnect, tcpRelay } from "../helpers/relay.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, binaryBytes, prebuild, show, start, unique } from "./helpers.ts";
import type { LuaVersion } from "../../host/runner/config.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { sanitize: true })]));
});

afterAll(async () => {
  await broker?.stop();
});

interface WillCase {
  title: string;
  qos: number;
  retain: number;
  topicLen?: number;
  msgLen: number;
  sanitize?: boolean;
}

const CASES: WillCase[] = [
  { title: "fix 1: LWT with qos 2 and retain 1 and a binary message (NUL bytes) is delivered whole, at qos 2, and retained", qos: 2, retain: 1, msgLen: 600 },
  { title: "fix 1: LWT with qos 1 and retain 0 is delivered at qos 1 and not retained", qos: 1, retain: 0, msgLen: 64 },
  { title: "fix 2: a 300-byte LWT topic and a 300-byte LWT message arrive untruncated", qos: 1, retain: 1, topicLen: 300, msgLen: 300 },
  {
    title: "fix 3: lwt() calls with bad arguments raise and leave the previous will intact (under ASan/UBSan)",
    qos: 2,
    retain: 1,
    msgLen: 200,
    sanitize: true,
  },
];

async function killAndCollect(lua: LuaVersion, c: WillCase) {
  const id = unique("lwt", lua);
  let topic = `will/${id}`;
  if (c.topicLen) topic = (topic + "/" + "t".repeat(c.topicLen)).slice(0, c.topicLen);
  const watcher = subscribe(broker, topic, { qos: 2 });
  await watcher.ready;
  const relay = await tcpRelay(broker.port);
  try {
    const live = await start(lua, "lwt", [broker.host, relay.port, id, topic, c.qos, c.retain, c.msgLen], { sanitize: c.sanitize });
    await live.waitFor(/^connected$/);
    const connect = parseConnect(relay.firstBytes());
    live.kill("SIGKILL");
    const r = await live.done;
    expect(r.signal, show(r)).toBe("SIGKILL");
    const [will] = await watcher.waitFor(1);
    await watcher.stop();
    return { id, topic, connect, will, r };
  } finally {
    await relay.close();
  }
}

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  for (const c of CASES) {
    it.concurrent(c.title, async () => {
      const { topic, connect, will, r } = await killAndCollect(lua, c);
      // what the client asked for in CONNECT
      expect(connect.willFlag).toBe(true);
      expect(connect.willQos).toBe(c.qos);
      expect(connect.willRetain).toBe(c.retain === 1);
      // what the broker published for it
      expect(will.topic).toBe(topic);
      expect(will.topic.length).toBe(c.topicLen ?? topic.length);
      expect(will.qos).toBe(c.qos);
      expect(will.payload.length).toBe(c.msgLen);
      expect(will.payload.equals(binaryBytes(c.msgLen))).toBe(true);
      // bad lwt() calls raised clear errors
      expect(r.lines.slice(0, 4)).toEqual([
        "lwt-bad-topic error bad argument #1 to 'lwt' (string expected, got table)",
        "lwt-bad-message error bad argument #2 to 'lwt' (string expected, got table)",
        "lwt-bad-qos error bad argument #3 to 'lwt' (number expected, got string)",
        "lwt-bad-retain error bad argument #4 to 'lwt' (boolean expected, got table)",
      ]);
      expect(sanitizerReports(r.stderr), show(r)).toEqual([]);
      // retained or not: what a new subscriber gets
      const later = subscribe(broker, topic, { qos: 2 });
      await later.ready;
      await sleep(300);
      await later.stop();
      if (c.retain) {
        expect(later.messages).toHaveLength(1);
        expect(later.messages[0].retain).toBe(true);
        expect(later.messages[0].qos).toBe(c.qos);
        expect(later.messages[0].payload.equals(binaryBytes(c.msgLen))).toBe(true);
      } else {
        expect(later.messages).toHaveLength(0);
      }
    });
  }
});
