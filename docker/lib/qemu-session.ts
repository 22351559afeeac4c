// One QEMU session as seen through the serial console: boot to the Lua prompt,
// wait for DHCP on the OpenCores Ethernet, run REPL scenarios or the Unity app.
// Works on any SerialLink, so test/firmware drives it against a fake peer.

import type { Scenario } from "../qemu/scenarios.ts";
import { FAILURE_PATTERNS } from "../qemu/scenarios.ts";
import type { ReplDriver } from "./repl-driver.ts";
import type { UnitySummary } from "./unity-summary.ts";
import { UNITY_SUMMARY_LINE, parseUnitySummary } from "./unity-summary.ts";

export interface Timeouts {
  /** Power-on to the first `> ` prompt. */
  bootMs: number;
  /** DHCP address on the Ethernet interface. */
  networkMs: number;
  /** Each scenario step, and each typed line. */
  stepMs: number;
}

export async function waitForBoot(driver: ReplDriver, t: Timeouts): Promise<void> {
  await driver.waitForPrompt(t.bootMs);
}

const IP_LINE = /^IP=(10\.0\.2\.\d+)$/;

/** Ask main/qemu_eth.c's `openeth.ip()` once a second until DHCP has given an address. */
export async function waitForNetwork(
  driver: ReplDriver,
  t: Timeouts,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<string> {
  const deadline = Date.now() + t.networkMs;
  for (;;) {
    const out = await driver.command(`print("IP="..tostring(openeth and openeth.ip()))`, t.stepMs);
    for (const line of out) {
      const m = IP_LINE.exec(line);
      if (m) return m[1]!;
    }
    if (Date.now() >= deadline) {
      throw new Error(`no DHCP address within ${t.networkMs} ms (last answer: ${out.join(" | ") || "nothing"})`);
    }
    await sleep(1000);
  }
}

export async function runScenario(driver: ReplDriver, sc: Scenario, t: Timeouts): Promise<void> {
  for (const step of sc.steps) {
    driver.setMark();
    for (const line of step.send) await driver.command(line, t.stepMs);
    await driver.waitForAll(step.expect, t.stepMs, FAILURE_PATTERNS);
  }
}

/**
 * Type `unitytest.run()` (test/target's module) and read Unity's report. A crash
 * or a Lua error (the scenarios' FAILURE_PATTERNS) ends the wait at once rather
 * than after the whole step timeout.
 */
export async function runUnity(driver: ReplDriver, t: Timeouts): Promise<UnitySummary> {
  driver.setMark();
  driver.send("unitytest.run()");
  await driver.waitForLine(UNITY_SUMMARY_LINE, t.stepMs, FAILURE_PATTERNS);
  const summary = parseUnitySummary(driver.linesSinceMark());
  if (!summary) throw new Error("Unity summary line seen but not parsed");
  return summary;
}
