// Issue 10: scripts call the module from coroutines, whose lua_State is not the
// main thread's. Every API function, constructor and method runs inside
// coroutine.wrap, and in a coroutine resumed from MQTT callbacks, with table
// arguments, under ASan+UBSan, on Lua 5.1 and 5.3, against a real Mosquitto.
// On the old glue (helpers that fetched lua_getstate()) this crashed (SIGSEGV).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, linesOf, prebuild, run, show, unique } from "./helpers.ts";

let broker: Broker;

beforeAll(async () => {
  broker = await startBroker();
  await Promise.all(LUA_VERSIONS.map((lua) => prebuild(lua, { sanitize: true })));
}, 600_000);

afterAll(async () => {
  await broker?.stop();
});

describe.concurrent.each(LUA_VERSIONS)("Lua %s", (lua) => {
  it.concurrent("every mqtt function, constructor and method works from coroutines (wrap, and resumed across callbacks)", async () => {
    const prefix = unique("coroutine", lua);
    const r = await run(lua, "coroutine", [broker.host, broker.port, prefix], { sanitize: true, timeout: 60 });
    expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
    expect(r.code, show(r)).toBe(0);
    for (const name of ["wrap-new", "wrap-lwt", "wrap-on", "wrap-constant", "wrap-publish-offline", "wrap-subscribe-offline",
      "wrap-unsubscribe-offline", "wrap-gc", "wrap-close"]) {
      expect(r.lines, show(r)).toContain(`${name} ok`);
    }
    expect(r.lines).toContain("constant 3 -3");
    expect(r.lines).toContain("publish-offline false");
    expect(r.lines).toContain("subscribe-offline false");
    expect(r.lines).toContain("unsubscribe-offline false");
    expect(r.lines).toContain("bad-table error subscribe: the table maps topic strings to QoS numbers");
    expect(linesOf(r.lines, "wrap-bad-arg")).toEqual([expect.stringMatching(/^wrap-bad-arg error .*bad argument #3 to '.*' \(number expected, got string\)$/)]);
    // the tables are walked either way; whether esp-mqtt takes the request depends on whether its
    // task already finished connecting (it answers -1, false, before), as on the main thread
    expect(r.lines).toContain("wrap-connect true");
    expect(linesOf(r.lines, "wrap-subscribe")).toEqual([expect.stringMatching(/^wrap-subscribe (true|false)$/)]);
    expect(linesOf(r.lines, "wrap-unsubscribe")).toEqual([expect.stringMatching(/^wrap-unsubscribe (true|false)$/)]);
    expect(r.lines).toContain("connect true");
    expect(r.lines).toContain("connected");
    expect(r.lines).toContain("subscribe true");
    expect(r.lines).toContain("suback true");
    expect(r.lines).toContain("publish true");
    expect(linesOf(r.lines, "event").sort()).toEqual(["event true", `event ${prefix}/a hello`].sort());
    expect(r.lines).toContain("unsubscribe true");
    expect(r.lines).toContain("unsuback true");
    expect(r.lines).toContain("suback-single true");
    expect(r.lines).toContain("unsuback-single true");
    expect(linesOf(r.lines, "coroutine error")).toEqual([]);
    expect(r.lines.at(-1)).toBe("done");
  });
});
