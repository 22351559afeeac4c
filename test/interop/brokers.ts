/**
 * The three brokers of the interop matrix, each started with the fixtures of
 * test/helpers/interop-broker.ts, by name.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAedes } from "../helpers/aedes.ts";
import { startBroker } from "../helpers/broker.ts";
import { dynsecDenyingSubscriptions } from "../helpers/dynsec.ts";
import { INTEROP_PASSWORD, INTEROP_USER, REFUSED_PREFIX, type InteropBroker } from "../helpers/interop-broker.ts";
import { startRabbit } from "../helpers/rabbitmq.ts";

export type BrokerName = "mosquitto" | "aedes" | "rabbitmq";
export const BROKER_NAMES: BrokerName[] = ["mosquitto", "aedes", "rabbitmq"];

/** Mosquitto with persistence, a password file and dynsec refusing subscriptions to secret/#. */
async function startMosquitto(): Promise<InteropBroker> {
  const dynsec = mkdtempSync(path.join(os.tmpdir(), "mqtt-interop-dynsec-"));
  const broker = await startBroker({
    users: { [INTEROP_USER]: INTEROP_PASSWORD },
    allowAnonymous: true,
    persistence: true,
    // queue everything for offline persistent sessions (the default caps at 1000 messages)
    extraConfig: `max_queued_messages 0\n${dynsecDenyingSubscriptions(dynsec, REFUSED_PREFIX)}`,
  });
  // "mosquitto version 2.0.11" is the first line of its usage text (mosquitto -h exits 3)
  let usage = "";
  try {
    usage = execFileSync("mosquitto", ["-h"], { encoding: "utf8" });
  } catch (e) {
    usage = String((e as { stdout?: string }).stdout ?? "");
  }
  return {
    name: "mosquitto",
    version: /mosquitto version (\S+)/.exec(usage)?.[1] ?? "unknown",
    host: broker.host,
    port: broker.port,
    restart: () => broker.restart(),
    stop: async () => {
      await broker.stop();
      rmSync(dynsec, { recursive: true, force: true });
    },
    log: () => broker.log(),
  };
}

export function startInteropBroker(name: BrokerName): Promise<InteropBroker> {
  switch (name) {
    case "mosquitto":
      return startMosquitto();
    case "aedes":
      return startAedes();
    case "rabbitmq":
      return startRabbit();
  }
}
