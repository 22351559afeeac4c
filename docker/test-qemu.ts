// npm run test:qemu -- [options]; --help lists them (docker/lib/args.ts).
//
// Builds the QEMU-profile firmware and the Unity test app, then:
//   1. checks that the broker image is Mosquitto 2.0.3 or later, starts it in its
//      own container (plain + TLS), boots the firmware in qemu-system-xtensa with
//      OpenCores Ethernet in that container's network, waits for the Lua prompt
//      and DHCP, and types the MQTT scenarios of docker/qemu/scenarios.ts into the REPL;
//   2. checks in the broker's log that the clients spoke the configured protocol;
//   3. boots the Unity app (no broker: it needs none) and parses Unity's summary.
// Exits 0 only if everything passed; 1 on a failure; 2 without a Docker engine.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { QEMU_USAGE, parseQemuTestArgs } from "./lib/args.ts";
import type { QemuTestOptions } from "./lib/args.ts";
import { clientProtocolLevels, protocolLevel } from "./lib/broker-log.ts";
import { sizeCheckNote } from "./lib/app-size-check.ts";
import { buildVariant, prepare } from "./lib/build-steps.ts";
import { main } from "./lib/cli.ts";
import type { HostContext } from "./lib/commands.ts";
import {
  CERT_DIR,
  brokerCheckCommand,
  brokerContainerName,
  brokerLogPath,
  brokerStartCommand,
  brokerStopCommand,
  certsCommand,
  imageBuildCommand,
  qemuBootCommand,
  qemuContainerName,
} from "./lib/commands.ts";
import { qemuTestPlan, qemuVariants } from "./lib/qemu-plan.ts";
import type { Timeouts } from "./lib/qemu-session.ts";
import { runScenario, runUnity, waitForBoot, waitForNetwork } from "./lib/qemu-session.ts";
import { startQemu } from "./lib/qemu-process.ts";
import { ReplDriver } from "./lib/repl-driver.ts";
import { printPlan, runCommand, runPlan } from "./lib/run.ts";
import { unityVerdict } from "./lib/unity-summary.ts";
import type { Variant } from "./lib/variant.ts";
import { allScenarios } from "./qemu/scenarios.ts";

function timeouts(o: QemuTestOptions): Timeouts {
  const ms = o.timeoutSec * 1000;
  return { bootMs: ms, networkMs: ms, stepMs: ms };
}

interface Outcome {
  name: string;
  ok: boolean;
  detail: string;
}

function serialEcho(prefix: string): (line: string) => void {
  return (line) => console.log(`${prefix}| ${line}`);
}

/**
 * Run `body` with the variant's broker container up, and remove the container
 * afterwards whatever happened. A broker that does not start is a failed outcome.
 */
async function withBroker<T>(ctx: HostContext, v: Variant, failed: (why: string) => T, body: () => Promise<T>): Promise<T> {
  // A container left over from an interrupted run would block the name.
  spawnSync(ctx.docker, ["rm", "-f", brokerContainerName(v)], { stdio: "ignore" });
  const started = await runPlan([brokerStartCommand(ctx, v)], "test:qemu broker");
  try {
    return started === 0 ? await body() : failed(`broker container did not start (exit ${started})`);
  } finally {
    await runCommand(brokerStopCommand(ctx, v));
  }
}

async function replSuite(ctx: HostContext, o: QemuTestOptions): Promise<Outcome[]> {
  const v = qemuVariants(o).firmware;
  const boot = "boot to Lua prompt, DHCP on OpenCores Ethernet";
  const outcomes = await withBroker(ctx, v, (why) => [{ name: boot, ok: false, detail: why }], () => replScenarios(ctx, o, v, boot));
  outcomes.push(protocolCheck(ctx, o, v));
  return outcomes;
}

async function replScenarios(ctx: HostContext, o: QemuTestOptions, v: Variant, boot: string): Promise<Outcome[]> {
  const t = timeouts(o);
  const ca = readFileSync(path.join(ctx.repoRoot, CERT_DIR, "ca.pem"), "utf8");
  const cmd = qemuBootCommand(ctx, v);
  console.log(`\n==> test:qemu REPL scenarios: ${cmd.title}`);
  const qemu = startQemu(ctx, cmd, qemuContainerName(v));
  const driver = new ReplDriver(qemu.link, { onLine: serialEcho("serial") });
  const outcomes: Outcome[] = [];
  try {
    await waitForBoot(driver, t);
    const ip = await waitForNetwork(driver, t);
    outcomes.push({ name: boot, ok: true, detail: ip });
    for (const sc of allScenarios(ca)) {
      try {
        await runScenario(driver, sc, t);
        outcomes.push({ name: sc.name, ok: true, detail: "" });
      } catch (e) {
        outcomes.push({ name: sc.name, ok: false, detail: (e as Error).message });
      }
    }
  } catch (e) {
    outcomes.push({ name: boot, ok: false, detail: (e as Error).message });
  } finally {
    await qemu.stop();
  }
  return outcomes;
}

/** Did the broker see the protocol level the build was configured for? */
function protocolCheck(ctx: HostContext, o: QemuTestOptions, v: Variant): Outcome {
  const name = `broker log: clients spoke MQTT ${o.protocol === "311" ? "3.1.1" : "3.1"}`;
  let log: string;
  try {
    log = readFileSync(path.join(ctx.repoRoot, brokerLogPath(v)), "utf8");
  } catch (e) {
    return { name, ok: false, detail: (e as Error).message };
  }
  const levels = clientProtocolLevels(log);
  const want = protocolLevel(o.protocol);
  const seen = [...levels].filter(([id]) => id.startsWith("qemu-"));
  if (seen.length === 0) return { name, ok: false, detail: "no firmware client in the broker log" };
  const wrong = seen.filter(([, ls]) => ls.some((l) => l !== want));
  return wrong.length === 0
    ? { name, ok: true, detail: `${seen.length} client ids at level ${want}` }
    : { name, ok: false, detail: wrong.map(([id, ls]) => `${id}: p${ls.join(",p")}`).join("; ") };
}

/** The Unity app uses no broker: no container beside it, no wait for ports. */
async function unitySuite(ctx: HostContext, o: QemuTestOptions): Promise<Outcome> {
  const v = qemuVariants(o).unity;
  const name = "Unity C tests of the mqtt module";
  const cmd = qemuBootCommand(ctx, v);
  console.log(`\n==> test:qemu Unity app: ${cmd.title}`);
  const qemu = startQemu(ctx, cmd, qemuContainerName(v));
  const driver = new ReplDriver(qemu.link, { onLine: serialEcho("unity") });
  try {
    await waitForBoot(driver, timeouts(o));
    const summary = await runUnity(driver, timeouts(o));
    const verdict = unityVerdict(summary);
    return { name, ok: verdict.ok, detail: verdict.why };
  } catch (e) {
    return { name, ok: false, detail: (e as Error).message };
  } finally {
    await qemu.stop();
  }
}

main({
  name: "test:qemu",
  usage: QEMU_USAGE,
  parse: parseQemuTestArgs,
  dryRun(opts, ctx) {
    const v = qemuVariants(opts);
    console.log(`# test:qemu Lua ${opts.lua}, MQTT ${opts.protocol} (dry run: nothing is executed)`);
    printPlan(qemuTestPlan(ctx, opts));
    if (!opts.noBuild) for (const x of [v.firmware, v.unity]) console.log(`# after idf.py size: ${sizeCheckNote(x)}`);
    console.log(`# REPL scenarios typed into the firmware's console (serial = the QEMU command's stdin/stdout):`);
    for (const sc of allScenarios("")) console.log(`#   - ${sc.name}`);
    console.log(`# then the broker log ${brokerLogPath(v.firmware)} is checked for the protocol level`);
    console.log(`# Unity app: types unitytest.run() and parses "N Tests M Failures K Ignored"`);
  },
  async run(opts, ctx) {
    const v = qemuVariants(opts);
    const code = opts.noBuild
      ? await runPlan([imageBuildCommand(ctx)], "test:qemu")
      : (await prepare(ctx)) || (await buildVariant(ctx, v.firmware)) || (await buildVariant(ctx, v.unity));
    if (code !== 0) return code;
    // Certificates, then refuse a broker older than Mosquitto 2.0.3 before anything boots.
    const certs = await runPlan([certsCommand(ctx), brokerCheckCommand(ctx)], "test:qemu");
    if (certs !== 0) return certs;
    const outcomes = [...(await replSuite(ctx, opts)), await unitySuite(ctx, opts)];
    console.log(`\n==> test:qemu results (Lua ${opts.lua}, MQTT ${opts.protocol})`);
    for (const r of outcomes) console.log(`${r.ok ? "PASS" : "FAIL"}  ${r.name}${r.detail ? `  -- ${r.detail}` : ""}`);
    const failed = outcomes.filter((r) => !r.ok).length;
    console.log(failed === 0 ? "all passed" : `${failed} failed`);
    return failed === 0 ? 0 : 1;
  },
});
