// The container-side scripts of test:qemu that can run here: the test
// certificates and the broker wrapper (with the host's real Mosquitto and
// OpenSSL, on free ports instead of 1883/8883).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientProtocolLevels } from "../../docker/lib/broker-log.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { freePort } from "../helpers/ports.ts";

/** Run without blocking the test worker; resolves with exit code and output. */
function run(argv: string[], env: NodeJS.ProcessEnv, input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
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

describe("with-broker.sh", () => {
  it("starts Mosquitto with plain and TLS listeners, then runs the command; the log shows protocol levels", async () => {
    const port = await freePort();
    const tlsPort = await freePort();
    const log = path.join(work, "log", "mosquitto.log");
    // The command stands in for QEMU: one TLS round trip (chain checked against
    // our CA; --insecure only skips the 10.0.2.2 name check on 127.0.0.1) and a
    // plain MQTT 3.1 publish.
    const script = [
      `mosquitto_sub -h 127.0.0.1 -p ${tlsPort} --cafile ${certs}/ca.pem --insecure -i sub-tls -t t/x -C 1 -W 10 > ${work}/got.txt &`,
      "s=$!; sleep 1",
      `mosquitto_pub -h 127.0.0.1 -p ${tlsPort} --cafile ${certs}/ca.pem --insecure -i pub-tls -t t/x -m over-tls`,
      `mosquitto_pub -h 127.0.0.1 -p ${port} -V mqttv31 -i pub-31 -t t/y -m plain`,
      "wait $s",
    ].join("\n");
    const r = await run(["bash", path.join(REPO_ROOT, "docker/qemu/with-broker.sh"), certs, log, "--", "bash", "-c", script], {
      BROKER_PORT: String(port),
      BROKER_TLS_PORT: String(tlsPort),
    });
    expect(r.stderr).toContain(`mosquitto ready`);
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(work, "got.txt"), "utf8").trim()).toBe("over-tls");
    const levels = clientProtocolLevels(readFileSync(log, "utf8"));
    expect(levels.get("sub-tls")).toEqual([2]);
    expect(levels.get("pub-31")).toEqual([1]);
  });

  it("hands its stdin to the command (the serial input) and returns the command's exit status", async () => {
    const port = await freePort();
    const tlsPort = await freePort();
    const r = await run(
      ["bash", path.join(REPO_ROOT, "docker/qemu/with-broker.sh"), certs, path.join(work, "log2", "m.log"), "--",
        "bash", "-c", "read line; echo got:$line; exit 7"],
      { BROKER_PORT: String(port), BROKER_TLS_PORT: String(tlsPort) },
      "hello serial\n",
    );
    expect(r.stdout).toBe("got:hello serial\n");
    expect(r.status).toBe(7);
  });

  it("refuses to run without the -- separator", () => {
    const r = spawnSync("bash", [path.join(REPO_ROOT, "docker/qemu/with-broker.sh"), certs, "x.log", "qemu"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
