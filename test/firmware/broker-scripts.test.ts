// The container-side scripts of test:qemu that can run here: the test
// certificates, the broker script (docker/qemu/broker.sh, with the host's real
// Mosquitto 2 and OpenSSL on free ports instead of 1883/8883) and its version
// gate (with FAKE `mosquitto` programs that print what old and new brokers
// print for `mosquitto -h`), and the wait in front of QEMU (wait-broker.sh).
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientProtocolLevels } from "../../docker/lib/broker-log.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { mosquittoVersionProblem } from "../../docker/lib/mosquitto-version.ts";
import { assertMosquittoVersion } from "../helpers/broker.ts";
import { freePort, waitForPort } from "../helpers/ports.ts";

const BROKER_SH = path.join(REPO_ROOT, "docker/qemu/broker.sh");
const WAIT_SH = path.join(REPO_ROOT, "docker/qemu/wait-broker.sh");

/** Run without blocking the test worker; resolves with exit code and output. */
function run(argv: string[], env: NodeJS.ProcessEnv, input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.on("error", () => {}); // EPIPE when the script exits without reading
    child.stdin.end(input);
  });
}

const work = mkdtempSync(path.join(tmpdir(), "qemu-broker-"));
const certs = path.join(work, "certs");

describe("make-certs.sh", () => {
  it("makes a CA and a broker certificate for 10.0.2.2 that verifies against it", () => {
    execFileSync("bash", [path.join(REPO_ROOT, "docker/qemu/make-certs.sh"), certs], { stdio: "ignore" });
    const verify = spawnSync("openssl", ["verify", "-CAfile", `${certs}/ca.pem`, `${certs}/server.pem`], { encoding: "utf8" });
    expect(verify.stdout).toContain("server.pem: OK");
    const text = execFileSync("openssl", ["x509", "-in", `${certs}/server.pem`, "-noout", "-text"], { encoding: "utf8" });
    expect(text).toMatch(/IP Address:10\.0\.2\.2/);
    expect(text).toMatch(/DNS:10\.0\.2\.2/);
    expect(text).toMatch(/Subject: CN\s?=\s?10\.0\.2\.2/);
  });
});

/** A folder with a fake `mosquitto` that prints `help` for -h and logs every call. */
function fakeMosquitto(name: string, help: string): { PATH: string; calls: string } {
  const bin = path.join(work, `fake-${name}`);
  mkdirSync(bin, { recursive: true });
  const calls = path.join(bin, "calls.log");
  writeFileSync(path.join(bin, "help.txt"), help);
  writeFileSync(path.join(bin, "mosquitto"), `#!/bin/sh\necho "$*" >> ${calls}\ncat ${bin}/help.txt\nexit 3\n`);
  chmodSync(path.join(bin, "mosquitto"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, calls };
}

// What `mosquitto -h` prints first, per release line (1.6 says "MQTT v3.1.1 broker").
const HELP = {
  "1.6.9": "mosquitto version 1.6.9\n\nmosquitto is an MQTT v3.1.1 broker.\n\nUsage: mosquitto [-c config_file] [-d] [-h] [-p port]\n",
  "2.0.2": "mosquitto version 2.0.2\n\nmosquitto is an MQTT v5.0/v3.1.1/v3.1 broker.\n",
  "2.0.3": "mosquitto version 2.0.3\n\nmosquitto is an MQTT v5.0/v3.1.1/v3.1 broker.\n",
  "2.0.18": "mosquitto version 2.0.18\n\nmosquitto is an MQTT v5.0/v3.1.1/v3.1 broker.\n",
  "2.1.0": "mosquitto version 2.1.0\n",
  "3.0.0": "mosquitto version 3.0.0\n",
  "garbage": "Segmentation fault\n",
} as const;

describe("broker version gate (broker.sh and the TypeScript check agree)", () => {
  it.each(Object.entries(HELP))("mosquitto -h says %s", async (name, help) => {
    const fake = fakeMosquitto(name, help);
    const r = await run(["sh", BROKER_SH, "--check"], { PATH: fake.PATH });
    const problem = mosquittoVersionProblem(help);
    const tooOld = ["1.6.9", "2.0.2", "garbage"].includes(name);
    expect(problem === null).toBe(!tooOld);
    expect(r.status).toBe(tooOld ? 3 : 0);
    if (name === "garbage") {
      expect(r.stderr).toContain("cannot tell which Mosquitto this is; 'mosquitto -h' said: Segmentation fault");
      expect(problem).toContain("cannot tell which Mosquitto this is; 'mosquitto -h' said: Segmentation fault");
    } else if (tooOld) {
      expect(r.stderr).toContain(`Mosquitto ${name} is too old for the QEMU tests: they need 2.0.3 or later`);
      expect(r.stderr).toContain("eclipse/mosquitto#1946");
      expect(problem).toContain(`Mosquitto ${name} is too old`);
      expect(problem).toContain("eclipse/mosquitto#1946");
    } else {
      expect(r.stderr).toContain(`broker: Mosquitto ${name} (2.0.3 or later`);
    }
  });

  it("refuses to START an old broker: Mosquitto is asked for its version, never started", async () => {
    const fake = fakeMosquitto("old-start", HELP["1.6.9"]);
    const r = await run(["sh", BROKER_SH, certs, path.join(work, "never.log")], { PATH: fake.PATH });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("Mosquitto 1.6.9 is too old");
    expect(readFileSync(fake.calls, "utf8").trim().split("\n")).toEqual(["-h"]);
    expect(existsSync(path.join(work, "never.log"))).toBe(false);
  });

  it("the host tests' broker harness (test/helpers/broker.ts) makes the same check", () => {
    expect(() => assertMosquittoVersion(HELP["1.6.9"])).toThrow(/test broker: Mosquitto 1\.6\.9 is too old.*eclipse\/mosquitto#1946/);
    expect(() => assertMosquittoVersion(HELP["2.0.2"])).toThrow(/2\.0\.2 is too old/);
    expect(() => assertMosquittoVersion(HELP["2.0.3"])).not.toThrow();
    // This machine's own broker (Debian 12: 2.0.11) passes it.
    expect(() => assertMosquittoVersion()).not.toThrow();
  });

  it("refuses bad arguments with its usage", async () => {
    for (const args of [[], ["--check", "x"], ["only-one"], ["a", "b", "c"], ["--bogus", "x"]]) {
      const r = await run(["sh", BROKER_SH, ...args], {});
      expect(r.status, JSON.stringify(args)).toBe(2);
      expect(r.stderr).toMatch(/usage/);
    }
  });
});

describe("broker.sh with this machine's real Mosquitto, and wait-broker.sh in front of a command", () => {
  let broker: ChildProcess;
  let port = 0;
  let tlsPort = 0;
  let brokerErr = "";
  const log = path.join(work, "log", "mosquitto.log");

  beforeAll(async () => {
    execFileSync("bash", [path.join(REPO_ROOT, "docker/qemu/make-certs.sh"), certs], { stdio: "ignore" });
    port = await freePort();
    tlsPort = await freePort();
    broker = spawn("sh", [BROKER_SH, certs, log], {
      env: { ...process.env, BROKER_PORT: String(port), BROKER_TLS_PORT: String(tlsPort) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    broker.stderr!.on("data", (d) => (brokerErr += d));
    expect(await waitForPort(tlsPort, 20_000)).toBe(true);
  });

  afterAll(() => {
    broker?.kill("SIGKILL");
  });

  it("serves plain and TLS (checked against the test CA); the log shows each client's protocol level", async () => {
    // The command stands in for QEMU: one TLS round trip (chain checked against
    // our CA; --insecure only skips the 10.0.2.2 name check on 127.0.0.1) and a
    // plain MQTT 3.1 publish.
    const script = [
      `mosquitto_sub -h 127.0.0.1 -p ${tlsPort} --cafile ${certs}/ca.pem --insecure -i sub-tls -t t/x -C 1 -W 20 > ${work}/got.txt &`,
      "s=$!; sleep 1",
      `mosquitto_pub -h 127.0.0.1 -p ${tlsPort} --cafile ${certs}/ca.pem --insecure -i pub-tls -t t/x -m over-tls`,
      `mosquitto_pub -h 127.0.0.1 -p ${port} -V mqttv31 -i pub-31 -t t/y -m plain`,
      "wait $s",
    ].join("\n");
    const r = await run(["bash", WAIT_SH, "20", String(port), String(tlsPort), "--", "bash", "-c", script], {});
    expect(r.stderr).toContain(`wait-broker: broker up on 127.0.0.1 port(s) ${port} ${tlsPort}`);
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(work, "got.txt"), "utf8").trim()).toBe("over-tls");
    expect(brokerErr).toMatch(/broker: Mosquitto 2\.\d+\.\d+ \(2\.0\.3 or later/);
    const levels = clientProtocolLevels(readFileSync(log, "utf8"));
    expect(levels.get("sub-tls")).toEqual([2]);
    expect(levels.get("pub-31")).toEqual([1]);
  });

  it("publishes a client's will when another connection takes over its client id (the QEMU last-will scenario)", async () => {
    const script = [
      `mosquitto_sub -h 127.0.0.1 -p ${port} -i watcher -q 1 -t qemu/lwt -C 1 -W 20 > ${work}/will.txt &`,
      "w=$!; sleep 1",
      // L: connected with a will, staying connected.
      `mosquitto_sub -h 127.0.0.1 -p ${port} -i qemu-l -t qemu/idle --will-topic qemu/lwt --will-payload gone-l --will-qos 1 &`,
      "l=$!; sleep 1",
      // T: same client id: the broker drops L without a DISCONNECT from L.
      `mosquitto_pub -h 127.0.0.1 -p ${port} -i qemu-l -t qemu/other -m takeover`,
      "wait $w; status=$?; kill $l 2>/dev/null; exit $status",
    ].join("\n");
    const r = await run(["bash", "-c", script], {});
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(work, "will.txt"), "utf8").trim()).toBe("gone-l");
  });

  it("hands its stdin to the command (the serial input) and returns the command's exit status", async () => {
    const r = await run(
      ["bash", WAIT_SH, "20", String(port), "--", "bash", "-c", "read line; echo got:$line; exit 7"],
      {},
      "hello serial\n",
    );
    expect(r.stdout).toBe("got:hello serial\n");
    expect(r.status).toBe(7);
  });
});

describe("wait-broker.sh without a broker", () => {
  it("gives up after its deadline with a message, without running the command", async () => {
    const nobody = await freePort();
    const r = await run(["bash", WAIT_SH, "1", String(nobody), "--", "bash", "-c", "echo ran"], {});
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`nothing accepts connections on 127.0.0.1:${nobody} after 1 s`);
  });

  it("refuses to run without ports, a deadline or the -- separator", () => {
    for (const args of [["10", "1883", "qemu"], ["x", "1883", "--", "qemu"], ["10", "--", "qemu", "a"], ["10", "1883", "--"]]) {
      const r = spawnSync("bash", [WAIT_SH, ...args], { encoding: "utf8" });
      expect(r.status, JSON.stringify(args)).toBe(2);
      expect(r.stderr).toMatch(/usage/);
    }
  });
});
