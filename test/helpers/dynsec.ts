/**
 * Mosquitto's dynamic-security plugin set up to refuse subscriptions: its role
 * for anonymous clients denies `<prefix>/#`, so the broker answers SUBACK 0x80
 * (Mosquitto's acl_file would grant the subscription and filter deliveries).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

/** Writes dir/dynsec.json and returns the mosquitto.conf lines that load it. */
export function dynsecDenyingSubscriptions(dir: string, prefix: string): string {
  const file = path.join(dir, "dynsec.json");
  writeFileSync(
    file,
    JSON.stringify({
      defaultACLAccess: { publishClientSend: true, publishClientReceive: true, subscribe: true, unsubscribe: true },
      clients: [],
      groups: [{ groupname: "anonymous", roles: [{ rolename: "no-secrets" }] }],
      roles: [{ rolename: "no-secrets", acls: [{ acltype: "subscribePattern", topic: `${prefix}/#`, allow: false }] }],
      anonymousGroup: "anonymous",
    }),
  );
  return `plugin /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so\nplugin_opt_config_file ${file}`;
}
