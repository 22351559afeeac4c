/** The fault scenario shared by faults.test.ts and test/stress/faults.stress.test.ts. */
import path from "node:path";
import { startBroker } from "../helpers/broker.ts";
import { sleep } from "../helpers/ports.ts";
import { luaDir, publishSeq, sanitizedHost } from "./helpers.ts";

/**
 * A Lua client (lua/qos1-receiver.lua, ASan+UBSan build) with cleansession = 0
 * and autoreconnect receives "seq 1..n" at QoS 1 from a broker with
 * persistence, which is SIGKILLed (then restarted 300 ms later) a few ms
 * after the publisher got past each of `killAt`: the chunk before is
 * acknowledged and saved, and the client is still receiving it. The next
 * chunk starts after the restart, so no message is ever published twice: one
 * that the client's path loses stays lost (issue 16: resending a whole
 * interrupted chunk hid such losses). `retries` counts failed chunk publishes
 * (expected 0).
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
    const { retries } = await publishSeq(broker, topic, 1, n, 250, async (next) => {
      if (kills.length && next > kills[0]!) {
        kills.shift();
        await sleep(10 + Math.floor(Math.random() * 30));
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
