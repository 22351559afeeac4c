// Without a Docker engine every command prints ONE line and exits 2. The engine
// is detected with `docker info` (which needs the daemon), not by finding the
// client: here a fake client whose `info` fails stands for "client, no daemon".
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDockerEngine } from "../../docker/lib/engine.ts";
import { runDockerCli } from "./cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "fake-docker-"));
const log = path.join(dir, "calls.log");

function fakeDocker(name: string, body: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, `#!/bin/sh\necho "$*" >> ${log}\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const clientWithoutDaemon = fakeDocker(
  "docker-no-daemon",
  `echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1`,
);
const engineUp = fakeDocker("docker-up", `[ "$1" = info ] && echo 24.0.7; exit 0`);

const cli = (script: string, args: string[], docker: string) => runDockerCli(script, args, { DOCKER: docker });

describe("engine detection", () => {
  it("a client whose `info` fails is no engine, with docker's own reason", () => {
    const r = checkDockerEngine(clientWithoutDaemon);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining("Cannot connect to the Docker daemon") });
  });

  it("no client at all is no engine", () => {
    expect(checkDockerEngine(path.join(dir, "no-such-docker"))).toEqual({
      ok: false,
      reason: expect.stringContaining("no '"),
    });
  });

  it("a daemon answering `info` is an engine", () => {
    expect(checkDockerEngine(engineUp)).toEqual({ ok: true, mode: "map-user", kind: "engine" });
    expect(readFileSync(log, "utf8")).toContain("info --format {{json .}}");
  });
});

describe("commands without an engine", () => {
  it.each([
    ["firmware.ts", []],
    ["firmware.ts", ["--lua", "5.1", "--profile", "qemu"]],
    ["flash.ts", ["--port", "/dev/ttyUSB0"]],
    ["test-qemu.ts", []],
  ])("%s %j prints one line and exits 2", (script, args) => {
    for (const docker of [clientWithoutDaemon, path.join(dir, "no-such-docker")]) {
      const r = cli(script, args, docker);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      const errLines = r.stderr.split("\n").filter((l) => l.length > 0);
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/needs a Docker engine and none is reachable/);
    }
  });

  it("--dry-run needs no engine", () => {
    const r = cli("firmware.ts", ["--dry-run"], clientWithoutDaemon);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("idf.py");
  });

  it("with an engine, flash refuses a variant that was not built (and runs nothing)", () => {
    const port = path.join(dir, "ttyUSB0"); // a stand-in the user can open
    writeFileSync(port, "");
    const r = cli("flash.ts", ["--port", port, "--lua", "5.1", "--protocol", "31"], engineUp);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("lua51-device-mqtt31 is not built; run: npm run firmware -- --lua 5.1 --profile device --protocol 31");
  });
});
