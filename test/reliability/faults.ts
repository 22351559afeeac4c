/** The fault scenario shared by faults.test.ts and test/stress/faults.stress.test.ts. */
import path from "node:path";
import { startBroker } from "../helpers/broker.ts";
import { sleep } from "../helpers/ports.ts";
import { luaDir, publishSeq, sanitizedHost } from "./helpers.ts";

/**
 * A Lua client (lua/qos1-receiver.lua, ASan+UBSan build) with cleansession = 0
 * and autoreconnect receives "seq 1..n" at QoS 1 from a broker with
 * persistence, which is SIGKILLed (then restarted 300 ms later) a few ms
 * after the publisher got past each of `killAt`, i.e. during the next chunk.
 */
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
    // each kill lands a few ms into the next chunk, while mosquitto_pub is
    // publishing and the client is receiving; that chunk is then sent again
    let chaos: Promise<void> = Promise.resolve();
    const { retries } = await publishSeq(broker, topic, 1, n, 250, async (next) => {
      if (kills.length && next > kills[0]!) {
        kills.shift();
        await chaos;
        chaos = (async () => {
          await sleep(10 + Math.floor(Math.random() * 30));
          await broker.kill();
          await sleep(300);
          await broker.restart();
        })();
      }
    });
    await chaos;
    const code = await exited;
    return { code, stdout, stderr, retries, brokerLog: broker.log() };
  } finally {
    await broker.stop();
  }
}
