/**
 * A quiet Mosquitto for the benchmark. test/helpers/broker.ts logs every
 * packet (`log_type all`), which would make the broker the bottleneck of both
 * sides of every rate; this one logs only subscriptions, which is how the
 * benchmark knows a `mosquitto_sub` is subscribed without line-buffering its
 * stdout (that would slow the reference side).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, sleep, waitForPort } from "../test/helpers/ports.ts";

export interface QuietBroker {
  host: "127.0.0.1";
  port: number;
  /** resolves once the broker logged a subscription by clientId */
  subscribed(clientId: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startQuietBroker(): Promise<QuietBroker> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-broker-"));
  const log = path.join(dir, "mosquitto.log");
  const port = await freePort();
  writeFileSync(path.join(dir, "mosquitto.conf"), [
    `listener ${port} 127.0.0.1`, "allow_anonymous true", "persistence false",
    `user ${os.userInfo().username}`, `log_dest file ${log}`, "log_type error", "log_type warning",
    "log_type subscribe", "max_queued_messages 0", "",
  ].join("\n"));
  const child = spawn("mosquitto", ["-c", path.join(dir, "mosquitto.conf")], { stdio: "ignore" });
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  if (!(await waitForPort(port, 10_000))) throw new Error("bench broker did not start");
  return {
    host: "127.0.0.1",
    port,
    async subscribed(clientId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (existsSync(log) && readFileSync(log, "utf8").includes(` ${clientId} `)) return;
        await sleep(20);
      }
      throw new Error(`${clientId} did not subscribe`);
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      process.off("exit", kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
