// The Lua typed into NodeMCU's REPL must be readable by it: one line each, at
// most 255 characters (LUA_MAXINPUT 256), also with a real CA certificate.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { MAX_LINE } from "../../docker/lib/repl-driver.ts";
import { allScenarios, caCertLines } from "../../docker/qemu/scenarios.ts";

const certDir = mkdtempSync(path.join(tmpdir(), "qemu-certs-"));
execFileSync("bash", [path.join(REPO_ROOT, "docker/qemu/make-certs.sh"), certDir], { stdio: "ignore" });
const caPem = readFileSync(path.join(certDir, "ca.pem"), "utf8");

describe("REPL scenarios", () => {
  const scenarios = allScenarios(caPem);

  it("cover connect, round trip, QoS 1, LWT and TLS against 10.0.2.2", () => {
    expect(scenarios.map((s) => s.name).join("\n")).toMatch(/10\.0\.2\.2:1883[\s\S]*QoS 1[\s\S]*LWT[\s\S]*TLS/);
    const all = scenarios.flatMap((s) => s.steps.flatMap((st) => st.send)).join("\n");
    expect(all).toContain(`"10.0.2.2",1883`);
    expect(all).toContain(`"10.0.2.2",8883,{ca_cert=ca}`);
    expect(all).toContain(`:lwt("qemu/lwt","gone-l",1,0)`);
  });

  it("type only single lines NodeMCU can read", () => {
    for (const s of scenarios)
      for (const step of s.steps)
        for (const line of step.send) {
          expect(line, line).not.toMatch(/[\r\n]/);
          expect(line.length, line).toBeLessThanOrEqual(MAX_LINE);
        }
  });

  it("rebuild the CA certificate byte for byte in Lua", () => {
    const lines = caCertLines(caPem);
    // Evaluate the Lua string concatenations the simple way: each line appends "<pem line>\n".
    const rebuilt = lines.slice(1).map((l) => /^ca=ca\.\."(.*)\\n"$/.exec(l)![1] + "\n").join("");
    expect(rebuilt).toBe(caPem.endsWith("\n") ? caPem : `${caPem}\n`);
  });

  it("wait only for anchored patterns, which an echoed command cannot satisfy", () => {
    for (const s of scenarios)
      for (const step of s.steps)
        for (const re of step.expect) {
          expect(re.source.startsWith("^") && re.source.endsWith("$"), String(re)).toBe(true);
          for (const line of step.send) expect(re.test(line), `${re} vs ${line}`).toBe(false);
        }
  });
});
