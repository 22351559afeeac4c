/**
 * Which test files run a function of module-src/mqtt.ts: a generated mutant
 * (generate.ts) runs only the files that execute the function it changed.
 *
 * Found by reading which Lua calls reach each function (every scenario under
 * test/mqtt/scenarios connects, publishes, subscribes and closes, so most
 * functions are run by every file): a function not listed here runs all of
 * test/mqtt, the safe side. Narrowed only where few scenarios can reach the
 * code: lwt() (lwt, limits, args, coroutine, gc), table forms of
 * (un)subscribe (args, limits, subtable, refusals, coroutine, acl, esp8266),
 * URIs (args, connect, tls), collection (gc, coroutine, lwt) and connect
 * failures. coverage.test.ts keeps the names in step with mqtt.ts.
 */
const ALL = ["test/mqtt"];
const NEW = "test/mqtt/outside-mutants.test.ts";
const FAULTS = "test/mqtt/faults.test.ts";

export const COVERAGE: Record<string, string[]> = {
  "Client.lwt": ["test/mqtt/lwt.test.ts", "test/mqtt/noloss.test.ts", "test/mqtt/args.test.ts", "test/mqtt/coroutine.test.ts", "test/mqtt/lifecycle.test.ts", NEW],
  "Client.unsubscribe": ["test/mqtt/args.test.ts", "test/mqtt/coroutine.test.ts", "test/mqtt/lifecycle.test.ts", "test/mqtt/messaging.test.ts", "test/mqtt/noloss.test.ts", "test/mqtt/esp8266.test.ts", NEW],
  countTopics: ["test/mqtt/args.test.ts", "test/mqtt/coroutine.test.ts", "test/mqtt/messaging.test.ts", "test/mqtt/noloss.test.ts", "test/mqtt/esp8266.test.ts", "test/mqtt/connect.test.ts", NEW],
  hasScheme: ["test/mqtt/args.test.ts", "test/mqtt/connect.test.ts", "test/mqtt/tls.test.ts"],
  "Client.__gc": ["test/mqtt/lifecycle.test.ts", "test/mqtt/coroutine.test.ts", "test/mqtt/lwt.test.ts", NEW],
  unlinkClient: ["test/mqtt/lifecycle.test.ts", "test/mqtt/coroutine.test.ts", "test/mqtt/lwt.test.ts", NEW],
  failureReason: ["test/mqtt/connect.test.ts", "test/mqtt/noloss.test.ts", "test/mqtt/tls.test.ts", "test/mqtt/reconnect.test.ts", NEW, FAULTS],
};

/** The test files (or folders) a mutant of `fn` runs. */
export function testsFor(fn: string): string[] {
  return COVERAGE[fn] ?? ALL;
}
