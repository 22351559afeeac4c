/**
 * Faults, short run: the broker (with persistence) is SIGKILLed in the middle
 * of a QoS 1 stream to a Lua client with cleansession = 0 and autoreconnect;
 * every message must arrive at least once (counted by sequence number).
 * The long run (more messages, several kills) is test/stress/faults.stress.test.ts.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBroker } from "../helpers/broker.ts";
import { sleep } from "../helpers/ports.ts";
import { luaDir, publishSeq, runSanitized, sanitizedHost, sanitizerReports } from "./helpers.ts";

export async function qos1StreamWithKills(n: number, killAt: number[], timeout: number) {
  await sanitizedHost();
  // unlimited queue: the persistent session must hold everything sent while the client reconnects (10 s)
  const broker = await startBroker({ persistence: true, extraConfig: "max_queued_messages 0\nmax_inflight_messages 20" });
  try {
    const topic = "faults/stream";
    let readyResolve!: () => void;
    const ready = new Promise<void>((r) => (readyResolve = r));
    const { spawn } = await import("node:child_process");
    const { binary } = await sanitizedHost();
    const child = spawn(binary, ["--timeout", String(timeout), "--", path.join(luaDir, "qos1-receiver.lua"), String(broker.port), topic, String(n), `faults-${process.pid}`],
      { env: { ...process.env, UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d; if (/^ready/m.test(stdout)) readyResolve(); });
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once("close", (c) => r(c)));
    await Promise.race([ready, exited]);
    const kills = [...killAt];
    const { retries } = await publishSeq(broker, topic, 1, n, 100, async (next) => {
      if (kills.length && next > kills[0]!) {
        kills.shift();
        await broker.kill();
        await sleep(300);
        await broker.restart();
      }
    });
    const code = await exited;
    return { code, stdout, stderr, retries, brokerLog: broker.log() };
  } finally {
    await broker.stop();
  }
}

describe("faults: broker killed mid-stream, QoS 1, cleansession = 0, autoreconnect", () => {
  it("2,000 messages, one kill: every message arrives at least once", async () => {
    const n = 2000;
    const r = await qos1StreamWithKills(n, [1000], 60);
    const tail = `stdout:\n${r.stdout}\nstderr (end):\n${r.stderr.slice(-3000)}`;
    expect(sanitizerReports(r.stderr), tail).toEqual([]);
    expect(r.stdout, tail).toMatch(new RegExp(`^all ${n} `, "m"));
    expect(r.stdout, tail).toMatch(/^offline$/m);
    expect(r.code, tail).toBe(0);
    console.log(r.stdout.match(/^all .*/m)?.[0], `publisher chunk retries: ${r.retries}`);
  }, 120_000);
});
