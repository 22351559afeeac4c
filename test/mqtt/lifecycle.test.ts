// Scenario tests (issue 5 part 3): close() and "offline", on(), replaced and
// closed connections, garbage collection under ASan/UBSan, a full Lua task queue.
// Lua 5.1 and 5.3; titles name the issue-4 fix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, burst, linesOf, prebuild, run, show, start, unique } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua), prebuild(lua, { sanitize: true })]));
});

afterAll(async () => {
  await broker?.stop();
});

/** The highest "(N so far)" of the module's "event dropped" errors; 0 when none. */
function dropped(stderr: string): number {
  const counts = [...stderr.matchAll(/event dropped \((\d+) so far\)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
}

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("fix 12: close() fires \"offline\" exactly once when connected, never when not connected", async () => {
    const r = await run(lua, "closeonce", [broker.host, broker.port, unique("closeonce", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["closed-before-connect 0", "connected", "offline 1", "after-two-closes 1", "final 1"]);
  });

  it.concurrent("fix 13: on(event, nil) and on(event) clear a callback; a number, string, table or boolean raises and keeps the old one", async () => {
    const r = await run(lua, "on", [broker.host, broker.port, unique("on", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual([
      "on-number error bad argument #2 to 'on' (function expected, got number)",
      "on-string error bad argument #2 to 'on' (function expected, got string)",
      "on-table error bad argument #2 to 'on' (function expected, got table)",
      "on-boolean error bad argument #2 to 'on' (function expected, got boolean)",
      'on-unknown-event error on: unknown event (expected "connect", "connfail", "message", "overflow", "offline", "puback", "suback" or "unsuback")',
      "connect-returned true",
      // connected (the publish says so) but the cleared "connect" and "message" callbacks stay silent
      "subscribe true",
      "publish true",
      // the "offline" callback survived the bad on() calls
      "offline-callback",
      "done",
    ]);
  });

  it.concurrent("fix 11: two connect() calls in a row: only the second connection calls back, and only once", async () => {
    const r = await run(lua, "replace", [broker.host, broker.port, unique("replace", lua)]);
    expect(r.code, show(r)).toBe(0);
    expect(linesOf(r.lines, "A-first-callback")).toEqual([]);
    expect(linesOf(r.lines, "A-second-callback")).toEqual(["A-second-callback 1"]);
    expect(r.lines).toContain("A-counts 0 1");
  });

  // The next connection's message ids start again at 1 (a fresh esp-mqtt client): if the old
  // connection's callbacks survived, its acks would settle them with ok=true.
  it.concurrent(
    "fix 11: callbacks of operations in flight on a replaced (connect again) or closed connection are never fired by the next connection's acks",
    async () => {
      const r = await run(lua, "replace", [broker.host, broker.port, unique("replace-acks", lua)]);
      expect(r.code, show(r)).toBe(0);
      expect(r.lines).toContain("B-new-publish-callback true");
      expect(r.lines).toContain("C-new-publish-callback true");
      // an old callback is told once that its operation failed, never that the new connection's ack was its own
      expect(r.lines.filter((l) => /^[BC]-old-/.test(l)).sort(), show(r)).toEqual([
        "B-old-publish-callback false",
        "B-old-subscribe-callback false",
        "C-old-publish-callback false",
        "C-old-subscribe-callback false",
      ]);
    },
  );

  it.concurrent(
    "fix 11: clients collected with operations, acks and QoS 0 events still queued do not touch freed memory (ASan/UBSan); a connected unreferenced client stays alive",
    async () => {
      const r = await run(lua, "gc", [broker.host, broker.port, unique("gc", lua), 10], { sanitize: true, timeout: 60 });
      expect(r.code, show(r)).toBe(0);
      expect(sanitizerReports(r.stderr), show(r)).toEqual([]);
      // every round's close() fired its "offline", then each operation's callback once, before close() returned:
      // false for what was never acknowledged, true for the QoS 0 publish (written when publish returned)
      expect(linesOf(r.lines, "offline")).toEqual(Array.from({ length: 10 }, (_, i) => `offline ${i + 1}`));
      for (let i = 1; i <= 10; i++) {
        const from = r.lines.indexOf(`offline ${i}`);
        expect(r.lines.slice(from, r.lines.indexOf(`closed ${i}`)), show(r)).toEqual([
          `offline ${i}`,
          `ended subscribe-${i} false`,
          `ended publish-${i}-1 false`,
          `ended publish-${i}-2 false`,
          `ended publish-${i}-3 true`,
          `ended unsubscribe-${i} false`,
        ]);
      }
      expect(r.lines.filter((l) => l.startsWith("late-"))).toEqual([]);
      // measured with weak tables (issue 16: it used to print "idle-collected" unconditionally)
      expect(r.lines).toEqual(expect.arrayContaining(["idle-collected true", "rounds-done 10", "kept-alive-callback true", "closed-collected true"]));
      expect(r.lines.at(-1)).toBe("survived");
    },
  );

  it.concurrent("fix 10: a Lua task busy for 0.5 s with a 4-slot queue: the MQTT task waits for slots and every message arrives", async () => {
    const id = unique("flood", lua);
    const live = await start(lua, "flood", [broker.host, broker.port, id, "0.5"], { env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" } });
    await live.waitFor(/^ready$/);
    await burst(broker, `flood/${id}`, 300);
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    expect(linesOf(r.lines, "received")).toEqual(["received 300"]);
    expect(dropped(r.stderr)).toBe(0);
    expect(r.lines.at(-1)).toBe("done");
  });

  it.concurrent("fix 10, issue 16 finding 4: a Lua task busy for 3 s (the old wait gave up after 2 s) with a 4-slot queue: the MQTT task waits, nothing is dropped", async () => {
    const id = unique("flood-long", lua);
    const live = await start(lua, "flood", [broker.host, broker.port, id, "3"], { env: { NODEMCU_HOST_TASK_QUEUE_LEN: "4" }, timeout: 30 });
    await live.waitFor(/^ready$/);
    await burst(broker, `flood/${id}`, 300);
    const r = await live.done;
    expect(r.code, show(r)).toBe(0);
    expect(linesOf(r.lines, "received")).toEqual(["received 300"]);
    expect(dropped(r.stderr)).toBe(0);
    expect(r.lines.at(-1)).toBe("done");
  });

  // A QoS 0 publish posts an event only when a callback waits for it; otherwise a loop of
  // publishes would fill the Lua task queue (125 medium-priority slots) with no-op events.
  it.concurrent("fix 10: QoS 0 publishes without a callback queue no event: 200 in a loop drop nothing (default queue size)", async () => {
    const r = await run(lua, "qos0loop", [broker.host, broker.port, unique("qos0loop", lua), 200]);
    expect(r.code, show(r)).toBe(0);
    expect(r.lines).toEqual(["published 200", "done"]);
    expect(r.stderr).not.toMatch(/event dropped/);
  });
});
