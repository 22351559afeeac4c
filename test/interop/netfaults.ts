/**
 * Network-fault scenarios shared by netfaults.test.ts (short) and
 * test/stress/netfaults.stress.test.ts (long): a Lua client in nodemcu-host
 * talks to a real Mosquitto through the fault proxy (test/helpers/faultproxy.ts);
 * reference clients (mosquitto_sub / mosquitto_pub) talk to the broker directly.
 */
import { spawn } from "node:child_process";
import { expect } from "vitest";
import type { LuaVersion } from "../../host/runner/config.ts";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { subscribe, type Collector } from "../helpers/clients.ts";
import { faultProxy, type FaultProxy, type LinkStats } from "../helpers/faultproxy.ts";
import { sleep } from "../helpers/ports.ts";
import { linesOf, show, start, unique, type Finished, type Live } from "../mqtt/helpers.ts";
import { own } from "./own-lua.ts";



/** Keeps one mosquitto_pub -l connection open and publishes one message per line. */
export function linePublisher(broker: Broker, topic: string, qos: number) {
  const child = spawn("mosquitto_pub", ["-h", broker.host, "-p", String(broker.port), "-V", "mqttv311", "-q", String(qos), "-t", topic, "-l"], {
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("close", (code) => r(code)));
  return {
    send: (line: string) => child.stdin.write(line + "\n"),
    /** closes stdin; mosquitto_pub sends what it has, then exits */
    end: async () => {
      child.stdin.end();
      const code = await Promise.race([exited, sleep(30_000).then(() => "timeout" as const)]);
      if (code !== 0) throw new Error(`mosquitto_pub -l: ${code}\n${stderr}`);
    },
    kill: () => child.kill("SIGKILL"),
  };
}

export interface DirectionFigures {
  sent: number;
  /** messages that arrived, copies included */
  received: number;
  distinct: number;
  lost: number;
  duplicates: number;
}

export interface StreamFigures {
  qos: number;
  /** client -> broker (published from Lua, counted by mosquitto_sub) */
  up: DirectionFigures;
  /** broker -> client (published by mosquitto_pub, counted by the Lua script) */
  down: DirectionFigures;
  connects: number;
  offlines: number;
  /** publishes the module refused (returned false) */
  refused: number;
  /** publish callbacks called with ok = true / ok = false, and second calls of one (must be 0) */
  callbacks: { acked: number; failed: number; doubles: number };
  seconds: number;
  link: LinkStats;
}

function countDirection(sent: number, payloads: string[], prefix: string): DirectionFigures {
  const wanted = new Set(Array.from({ length: sent }, (_, i) => `${prefix}-${i + 1}`));
  const got = payloads.filter((p) => wanted.has(p));
  const distinct = new Set(got).size;
  return { sent, received: got.length, distinct, lost: sent - distinct, duplicates: got.length - distinct };
}

export function describeFigures(title: string, f: StreamFigures): string {
  const dir = (d: DirectionFigures) => `sent ${d.sent}, received ${d.received}, distinct ${d.distinct}, lost ${d.lost}, duplicates ${d.duplicates}`;
  return (
    `${title} (QoS ${f.qos}, ${f.seconds.toFixed(1)} s): up [${dir(f.up)}]; down [${dir(f.down)}]; ` +
    `connects ${f.connects}, offlines ${f.offlines}, refused publishes ${f.refused}; ` +
    `publish callbacks: ${f.callbacks.acked} true, ${f.callbacks.failed} false, ${f.callbacks.doubles} called twice; ` +
    `link: ${f.link.connections} connections, ${f.link.cuts} cut, ${f.link.bytesUp} B up, ${f.link.bytesDown} B down; ` +
    `throughput ${((f.up.distinct + f.down.distinct) / f.seconds).toFixed(1)} msg/s`
  );
}

/**
 * Issue 26's promise: every publish with a callback gets exactly one call (true at its PUBACK/PUBCOMP,
 * false when esp-mqtt drops it unacknowledged), across every reconnect, stall and cut.
 */
export function expectOneCallbackEach(f: StreamFigures): void {
  expect(f.callbacks.doubles, "publish callbacks called twice").toBe(0);
  expect(f.callbacks.acked + f.callbacks.failed + f.refused, "publish callbacks called (or publishes refused)").toBe(f.up.sent);
}

/** Nothing lost either way and no publish refused; at QoS 2 no copy either (QoS 1 copies are counted, allowed); one callback per publish. */
export function expectNoneLost(f: StreamFigures): void {
  expectOneCallbackEach(f);
  expect(f.up.lost, "lost client -> broker").toBe(0);
  expect(f.down.lost, "lost broker -> client").toBe(0);
  expect(f.refused, "publishes the module refused").toBe(0);
  if (f.qos === 2) {
    expect(f.up.duplicates, "QoS 2 copies client -> broker").toBe(0);
    expect(f.down.duplicates, "QoS 2 copies broker -> client").toBe(0);
  }
}

export interface StreamOptions {
  lua: LuaVersion;
  qos: 1 | 2;
  /** messages each way */
  n: number;
  /** ms between two messages, each way */
  intervalMs: number;
  keepalive: number;
  /** what happens to the link while the messages flow */
  faults: (link: FaultProxy, live: Live) => Promise<void>;
  /** seconds before nodemcu-host gives up */
  timeout: number;
  /** the client's cleansession (default false: the broker keeps its session across reconnects) */
  cleanSession?: boolean;
  /** the broker's max_queued_messages for an offline client's session (default 0: unlimited) */
  brokerQueueLimit?: number;
  /** wait for all n messages broker -> client before the script ends (default true; a lossy setup can't) */
  waitDown?: boolean;
}

/**
 * n messages each way at QoS 1 or 2 between a Lua client (cleansession = 0,
 * autoreconnect) and the broker while `faults` damages the link; returns the
 * counted figures. The caller asserts on them.
 */
export async function streamAcrossFaults(opts: StreamOptions): Promise<{ figures: StreamFigures; run: Finished }> {
  // unlimited queue for the client's session while it reconnects
  const broker = await startBroker({ extraConfig: `max_queued_messages ${opts.brokerQueueLimit ?? 0}` });
  const link = await faultProxy(broker.port);
  let watcher: Collector | undefined;
  let pub: ReturnType<typeof linePublisher> | undefined;
  try {
    const id = unique("stream", opts.lua);
    const prefix = `stream/${id}`;
    watcher = subscribe(broker, `${prefix}/up`, { qos: opts.qos });
    await watcher.ready;
    const t0 = Date.now();
    const live = await start(
      opts.lua,
      own("stream"),
      [broker.host, link.port, id, prefix, opts.qos, opts.n, opts.intervalMs, opts.keepalive, opts.cleanSession ? 1 : 0, opts.waitDown === false ? 0 : 1],
      { timeout: opts.timeout },
    );
    await live.waitFor(/^subscribed true$/, 20_000);
    pub = linePublisher(broker, `${prefix}/down`, opts.qos);
    const publisher = pub;
    const feeding = (async () => {
      for (let i = 1; i <= opts.n; i++) {
        publisher.send(`down-${i}`);
        await sleep(opts.intervalMs);
      }
      await publisher.end();
    })();
    await Promise.all([feeding, opts.faults(link, live)]);
    const run = await live.done;
    const seconds = (Date.now() - t0) / 1000;
    // what Lua published and the broker acknowledged has reached mosquitto_sub by now or soon
    await watcher.waitFor(opts.n, 20_000).catch(() => undefined);
    const done = linesOf(run.lines, "done")[0];
    if (done === undefined) throw new Error(`stream did not finish\n${show(run).slice(-4000)}`);
    const [acked, failed] = done.split(" ").slice(1, 3).map(Number) as [number, number];
    const figures: StreamFigures = {
      qos: opts.qos,
      up: countDirection(opts.n, watcher.messages.map((m) => m.payload.toString()), "up"),
      down: countDirection(opts.n, linesOf(run.lines, "rx").map((l) => l.slice(3)), "down"),
      connects: linesOf(run.lines, "connect").length,
      offlines: linesOf(run.lines, "offline").length,
      refused: linesOf(run.lines, "refused").length,
      callbacks: { acked, failed, doubles: linesOf(run.lines, "double").length },
      seconds,
      link: link.stats(),
    };
    return { figures, run };
  } finally {
    pub?.kill();
    await watcher?.stop();
    await link.close();
    await broker.stop();
  }
}

/** The fault sequence of issue 15: a 10 s stall, then three cuts with RST, each waited out until the client is back. */
export async function stallAndThreeCuts(link: FaultProxy, live: Live): Promise<void> {
  await sleep(2000);
  link.stall();
  await sleep(10_000);
  link.resume();
  for (let cut = 1; cut <= 3; cut++) {
    await sleep(2000);
    const connects = linesOf(live.lines, "connect").length;
    link.cut();
    // esp-mqtt's reconnect_timeout_ms is 10 s
    await live.waitFor(new RegExp(`^connect ${connects + 1}$`), 40_000);
  }
}

export interface DetectionFigures {
  /** seconds from the fault to "offline" */
  detectSeconds: number;
  /** seconds from the fault to the next "connect" */
  reconnectSeconds: number;
  lines: string[];
}

/**
 * A connected client (keepalive K, autoreconnect) sees its link fail:
 * "half-open" (silent for good), "stall" (silent until resumed right after
 * "offline") or "cut" (RST). Measures how long until "offline", and until
 * autoreconnect brings "connect 2".
 */
export async function offlineDetection(lua: LuaVersion, fault: "half-open" | "stall" | "cut", keepalive: number): Promise<DetectionFigures> {
  const broker = await startBroker();
  const link = await faultProxy(broker.port);
  try {
    const live = await start(lua, own("keepalive"), [broker.host, link.port, unique(`ka-${fault}`, lua), keepalive], { timeout: 90 });
    await live.waitFor(/^connect 1$/, 20_000);
    // let a ping or two go by first, so the fault lands mid-cycle
    await sleep(1500);
    const t0 = Date.now();
    if (fault === "half-open") link.halfOpen();
    else if (fault === "stall") link.stall();
    else link.cut();
    await live.waitFor(/^offline 1$/, (keepalive * 3 + 5) * 1000);
    const detectSeconds = (Date.now() - t0) / 1000;
    if (fault === "stall") link.resume();
    await live.waitFor(/^connect 2$/, 40_000);
    const reconnectSeconds = (Date.now() - t0) / 1000;
    const r = await live.done;
    return { detectSeconds, reconnectSeconds, lines: r.lines };
  } finally {
    await link.close();
    await broker.stop();
  }
}
