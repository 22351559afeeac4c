// Read Mosquitto's connection log to see which MQTT protocol level a client used:
//   1700000000: New client connected from 10.0.2.15:50000 as qemu1 (p2, c1, k60).
// p1 = MQTT 3.1, p2 = MQTT 3.1.1, p5 = MQTT 5 (Mosquitto 1.6 and 2.x).

import type { Protocol } from "./variant.ts";

const CONNECTED = /New client connected from \S+ as (\S+) \(p(\d+)[,)]/;

/** Protocol level of each client id's connections, in log order. */
export function clientProtocolLevels(log: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of log.split("\n")) {
    const m = CONNECTED.exec(line);
    if (!m) continue;
    const levels = out.get(m[1]!) ?? [];
    levels.push(Number(m[2]));
    out.set(m[1]!, levels);
  }
  return out;
}

export function protocolLevel(p: Protocol): number {
  return p === "311" ? 2 : 1;
}
