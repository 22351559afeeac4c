// The serial REPL driver against a FAKE peer (fixtures/fake-repl.mjs, a child
// process that prints a prompt, echoes and answers by rules). This tests the
// driver and session logic of `npm run test:qemu`, not the firmware: the real
// peer (NodeMCU in QEMU) cannot run on this machine.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  MAX_LINE,
  ReplDriver,
  type ReplDriverOptions,
  ReplError,
  childProcessLink,
  normalizeLine,
} from "../../docker/lib/repl-driver.ts";
import { runScenario, runUnity, waitForBoot, waitForNetwork } from "../../docker/lib/qemu-session.ts";
import { plainRoundTrip, lastWill } from "../../docker/qemu/scenarios.ts";

const FAKE = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "fake-repl.mjs");
const children: ChildProcess[] = [];

interface Rule {
  match: string;
  responses?: string[][];
  async?: boolean;
  delayMs?: number;
  syncDelayMs?: number;
  logAfterPrompt?: string[];
  exit?: boolean;
}

function startFake(
  rules: Rule[],
  opts: { crlf?: boolean; bootDelayMs?: number; bootLog?: string[] } = {},
  driverOpts: ReplDriverOptions = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-repl-"));
  const file = path.join(dir, "rules.json");
  writeFileSync(file, JSON.stringify({ rules, ...opts }));
  const child = spawn(process.execPath, [FAKE, file], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  // Every write the driver makes, to see what it typed.
  const link = childProcessLink(child);
  const typed: string[] = [];
  const driver = new ReplDriver({ ...link, write: (t) => (typed.push(t), link.write(t)) }, driverOpts);
  return { child, driver, typed };
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

const T = { bootMs: 5000, networkMs: 5000, stepMs: 3000 };

describe("normalizeLine", () => {
  it("strips CR and leading prompts, keeps the rest", () => {
    expect(normalizeLine("> CONNECTED\r")).toBe("CONNECTED");
    expect(normalizeLine(">> > x")).toBe("x");
    expect(normalizeLine("a > b")).toBe("a > b");
  });
});

describe("ReplDriver against a fake NodeMCU console", () => {
  it("waits through boot noise for the prompt, then runs a command and returns its output without the echo", async () => {
    const { driver } = startFake([{ match: "^print\\(1\\+1\\)$", responses: [["2"]] }], { crlf: true, bootDelayMs: 200 });
    await driver.waitForPrompt(T.bootMs);
    expect(driver.transcript()).toContain("NodeMCU ESP32 build");
    expect(await driver.command("print(1+1)", T.stepMs)).toEqual(["2"]);
  });

  it("sees output printed after the prompt (callbacks) and is not fooled by the echo", async () => {
    const { driver } = startFake([
      { match: "connect", responses: [["A-CONNECTED"]], async: true, delayMs: 100 },
    ]);
    await waitForBoot(driver, T);
    driver.setMark();
    await driver.command(`a:connect("h",1883,0,function(c) print("A-CONNECTED") end)`, T.stepMs);
    const [line] = await driver.waitForAll([/^A-CONNECTED$/], T.stepMs);
    expect(line).toBe("A-CONNECTED");
  });

  it("times out with the serial tail when only the echo mentions the expected text", async () => {
    const { driver } = startFake([]);
    await waitForBoot(driver, T);
    driver.setMark();
    await driver.command(`print("ONLY-IN-ECHO")`, T.stepMs);
    const err = await driver.waitForAll([/^ONLY-IN-ECHO$/], 300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplError);
    expect((err as Error).message).toMatch(/no match within 300 ms/);
    expect((err as Error).message).toContain(`print("ONLY-IN-ECHO")`);
  });

  it("fails at once on a failure line", async () => {
    const { driver } = startFake([{ match: "boom", responses: [["stdin:1: attempt to call a nil value"]] }]);
    await waitForBoot(driver, T);
    driver.setMark();
    await driver.command("boom()", T.stepMs);
    const started = Date.now();
    await expect(driver.waitForAll([/^never$/], 5000, [/stdin:\d+:/])).rejects.toThrow(/failure output/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects when the peer goes away instead of waiting for the deadline", async () => {
    const { driver } = startFake([{ match: "^bye$", responses: [["bye!"]], exit: true }]);
    await waitForBoot(driver, T);
    driver.setMark();
    driver.send("bye");
    await expect(driver.waitForAll([/^never$/], 5000)).rejects.toThrow(/serial peer gone/);
  });

  it("refuses input NodeMCU could not read: multi-line or longer than LUA_MAXINPUT-1", async () => {
    const { driver } = startFake([]);
    await waitForBoot(driver, T);
    expect(() => driver.send("a\nb")).toThrow(/one line/);
    expect(() => driver.send("x".repeat(MAX_LINE + 1))).toThrow(/longer than 255/);
    expect(() => driver.send("x".repeat(MAX_LINE))).not.toThrow();
  });

  it("quits the peer with Ctrl-A x, as QEMU's monitor multiplexer expects", async () => {
    const { child, driver } = startFake([]);
    await waitForBoot(driver, T);
    const gone = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.stdin!.write("\x01x");
    expect(await gone).toBe(0);
  });
});

// ESP-IDF log lines printed right after the `> ` prompt (as with
// `esp_netif_handlers: eth ip: ...` when DHCP completes) leave no prompt at the
// end of the output: the driver types an empty line to get a fresh one.
const ETH_IP = "I (5123) esp_netif_handlers: eth ip: 10.0.2.15, mask: 255.255.255.0, gw: 10.0.2.2";

describe("a prompt swallowed by a log line", () => {
  it("at boot: the driver gets a fresh prompt with an empty line", async () => {
    const { driver, typed } = startFake([], { bootLog: [ETH_IP] }, { nudgeAfterMs: 200 });
    await driver.waitForPrompt(T.bootMs);
    expect(typed).toEqual(["\n"]);
    expect(driver.nudges).toBe(1);
    expect(driver.transcript()).toContain(`> ${ETH_IP}`);
  });

  it("after a command's answer (several log lines): the command still returns, with the log in its output", async () => {
    const { driver, typed } = startFake(
      [{ match: "^print\\(1\\+1\\)$", responses: [["2"]], logAfterPrompt: [ETH_IP, "W (5130) wifi: not started"] }],
      {},
      { nudgeAfterMs: 200 },
    );
    await driver.waitForPrompt(T.bootMs);
    expect(await driver.command("print(1+1)", T.stepMs)).toEqual(["2", ETH_IP, "W (5130) wifi: not started", ""]);
    expect(typed).toEqual(["print(1+1)\n", "\n"]);
    // The next command works as usual.
    expect(await driver.command("print(1+1)", T.stepMs)).toContain("2");
  });

  it("types nothing extra while a command is merely slow (its echo is no swallowed prompt)", async () => {
    const { driver, typed } = startFake([{ match: "^slow\\(\\)$", responses: [["done"]], syncDelayMs: 800 }], {}, { nudgeAfterMs: 100 });
    await driver.waitForPrompt(T.bootMs);
    expect(await driver.command("slow()", T.stepMs)).toEqual(["done"]);
    expect(typed).toEqual(["slow()\n"]);
    expect(driver.nudges).toBe(0);
  });
});

describe("QEMU session logic against the fake console", () => {
  it("polls openeth.ip() until DHCP has answered", async () => {
    const { driver } = startFake([
      { match: "openeth", responses: [["IP=nil"], ["IP=nil"], ["IP=10.0.2.15"]] },
    ]);
    await waitForBoot(driver, T);
    const sleeps: number[] = [];
    const ip = await waitForNetwork(driver, T, async (ms) => {
      sleeps.push(ms);
    });
    expect(ip).toBe("10.0.2.15");
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("gives up on DHCP after the network timeout", async () => {
    const { driver } = startFake([{ match: "openeth", responses: [["IP=nil"]] }]);
    await waitForBoot(driver, T);
    await expect(
      waitForNetwork(driver, { ...T, networkMs: 50 }, async () => {}),
    ).rejects.toThrow(/no DHCP address within 50 ms \(last answer: IP=nil\)/);
  });

  it("runs a real scenario's lines and passes when the peer answers as the firmware should", async () => {
    const { driver } = startFake([
      { match: `^a:connect\\(`, responses: [["A-CONNECTED", "A-SUBACK", "A-MSG qemu/a hello-a"]], async: true },
    ]);
    await waitForBoot(driver, T);
    await runScenario(driver, plainRoundTrip(), T);
  });

  it("fails a scenario on the connect-failure callback", async () => {
    const { driver } = startFake([{ match: `^a:connect\\(`, responses: [["A-CONNFAIL -5"]], async: true }]);
    await waitForBoot(driver, T);
    await expect(runScenario(driver, plainRoundTrip(), T)).rejects.toThrow(/A-CONNFAIL -5/);
  });

  it("fails a scenario step whose expected output never comes", async () => {
    const { driver } = startFake([
      { match: `^w:connect\\(`, responses: [["W-SUBACK"]], async: true },
      { match: `^l:connect\\(`, responses: [["L-CONNECTED"]], async: true },
      { match: `^t:connect\\(`, responses: [["T-CONNECTED"]], async: true }, // no will arrives
    ]);
    await waitForBoot(driver, T);
    await expect(runScenario(driver, lastWill(), { ...T, stepMs: 400 })).rejects.toThrow(/W-MSG/);
  });

  it("reads the Unity report printed by unitytest.run()", async () => {
    const { driver } = startFake([
      {
        match: "^unitytest\\.run\\(\\)$",
        responses: [[
          "test_mqtt_module.c:57:test_module_is_registered:PASS",
          "test_mqtt_module.c:88:test_on_rejects_unknown_event:FAIL: Expected Not-Equal",
          "-----------------------",
          "2 Tests 1 Failures 0 Ignored ",
          "FAIL",
        ]],
      },
    ]);
    await waitForBoot(driver, T);
    expect(await runUnity(driver, T)).toEqual({
      tests: 2,
      failures: 1,
      ignored: 0,
      failed: ["test_on_rejects_unknown_event: Expected Not-Equal"],
    });
  });

  it("stops waiting for the Unity report at once when the app crashes", async () => {
    const { driver } = startFake([
      {
        match: "^unitytest\\.run\\(\\)$",
        responses: [["test_mqtt_module.c:57:test_module_is_registered:PASS", "Guru Meditation Error: Core  0 panic'ed (LoadProhibited)."]],
      },
    ]);
    await waitForBoot(driver, T);
    const t0 = Date.now();
    await expect(runUnity(driver, { ...T, stepMs: 20_000 })).rejects.toThrow(/failure output .*Guru Meditation/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
