/**
 * The triage of generated mutants that survived (run-generated.ts prints the
 * reason next to each): mutants no test of behaviour can tell from the
 * module, each with why. Matched by the function, the source line's text and
 * the change, not by line number, so an edit elsewhere in mqtt.ts keeps them.
 * A survivor a test could catch does not belong here: it gets the test.
 */
import type { GeneratedMutant } from "./generate.ts";

export interface Equivalent {
  fn: string;
  /** the mutated line of mqtt.ts, trimmed */
  line: string;
  original: string;
  replace: string;
  reason: string;
}

export const EQUIVALENT: Equivalent[] = [
  {
    fn: "Client.publish",
    line: "this.track(0, Op.SENT).fn = fn;",
    original: "0",
    replace: "1",
    reason:
      "the key of a QoS 0 publish's pending entry is never read: settle() skips Op.SENT entries, flushSent() and settleOldest() go by the operation, oldest first",
  },
  {
    fn: "Client.constructor",
    line: "lwtTopic: LuaRef = null; lwtMessage: LuaRef = null; lwtQos: int = 0; lwtRetain: bool = false;",
    original: "false",
    replace: "true",
    reason:
      "the will's retain flag before any lwt(): without a will topic esp-mqtt sends no will (CONNECT's will flags stay 0), and lwt() sets topic and retain together",
  },
  {
    fn: "Client.constructor",
    line: "sentPosted: bool = false; sentStuck: bool = false;",
    original: "false",
    replace: "true",
    reason:
      "the flags' first values are never read: a QoS 0 callback needs a connection, and connect() calls stopClient() first, which clears both",
  },
  {
    fn: "Client.unsubscribe",
    line: "if (id >= 0) this.track(id, Op.SUBSCRIBE);",
    original: "0",
    replace: "1",
    reason:
      "esp-mqtt's message ids of (UN)SUBSCRIBE packets are 1..65535 (0 is no packet id in MQTT; libmosquitto skips it too), so id >= 1 and id >= 0 agree for every id unsubscribe() can get",
  },
];

/** The documented reason `m` survives, if it is listed. */
export function triageOf(m: GeneratedMutant, line: string): string | undefined {
  const e = EQUIVALENT.find((e) => e.fn === m.fn && e.line === line.trim() && e.original === m.original && e.replace === m.replace);
  return e ? `equivalent: ${e.reason}` : undefined;
}
