/**
 * The three brokers of the interop matrix, each started with the fixtures of
 * test/helpers/interop-broker.ts, by name.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startAedes } from "../helpers/aedes.ts";
import { startBroker } from "../helpers/broker.ts";
import { INTEROP_PASSWORD, INTEROP_USER, REFUSED_PREFIX, type InteropBroker } from "../helpers/interop-broker.ts";
import { startRabbit } from "../helpers/rabbitmq.ts";

export type BrokerName = "mosquitto" | "aedes" | "rabbitmq";
export const BROKER_NAMES: BrokerName[] = ["mosquitto", "aedes", "rabbitmq"];

/**
 * Mosquitto with persistence, a password file and the dynamic-security
 * plugin, whose role for anonymous clients denies subscriptions to secret/#
 * (Mosquitto's acl_file would grant them and filter deliveries instead).
 */
async function startMosquitto(): Promise<InteropBroker> {
  const dynsec = mkdtempSync(path.join(os.tmpdir(), "mqtt-interop-dynsec-"));
  const file = path.join(dynsec, "dynsec.json");
  writeFileSync(
    file,
    JSON.stringify({
      defaultACLAccess: { publishClientSend: true, publishClientReceive: true, subscribe: true, unsubscribe: true },
      clients: [],
      groups: [{ groupname: "anonymous", roles: [{ rolename: "no-secrets" }] }],
      roles: [{ rolename: "no-secrets", acls: [{ acltype: "subscribePattern", topic: `${REFUSED_PREFIX}/#`, allow: false }] }],
      anonymousGroup: "anonymous",
    }),
  );
  const broker = await startBroker({
    users: { [INTEROP_USER]: INTEROP_PASSWORD },
    allowAnonymous: true,
    persistence: true,
    // queue everything for offline persistent sessions (the default caps at 1000 messages)
    extraConfig: `max_queued_messages 0\nplugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so\nplugin_opt_config_file ${file}`,
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
