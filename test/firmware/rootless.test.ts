// Rootless engines: rootless Docker runs containers with no `-u` (container root
// is the calling user), rootless Podman with --userns=keep-id; rootful engines
// keep `-u uid:gid`. The mode comes from the engine's `info`, shown by --dry-run
// against fake `docker` clients that answer `info` as each engine does.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { userModeFromInfo, userModeOverride } from "../../docker/lib/engine.ts";
import { runDockerCli } from "./cli.ts";

// Trimmed `info --format '{{json .}}'` answers (field names as the engines print them).
const DOCKER_ROOTFUL = JSON.stringify({ ServerVersion: "24.0.7", SecurityOptions: ["name=apparmor", "name=seccomp,profile=builtin"] });
const DOCKER_ROOTLESS = JSON.stringify({
  ServerVersion: "24.0.7",
  SecurityOptions: ["name=seccomp,profile=builtin", "name=rootless", "name=cgroupns"],
});
const PODMAN_ROOTLESS = JSON.stringify({ host: { security: { rootless: true } }, version: { Version: "4.9.3" } });
const PODMAN_ROOTFUL = JSON.stringify({ host: { security: { rootless: false } }, version: { Version: "4.9.3" } });

const dir = mkdtempSync(path.join(tmpdir(), "fake-engines-"));
function fakeEngine(name: string, info: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, `#!/bin/sh\n[ "$1" = info ] && printf '%s\\n' '${info}' && exit 0\nexit 1\n`);
  chmodSync(p, 0o755);
  return p;
}

describe("user mode from the engine's info", () => {
  it.each([
    [DOCKER_ROOTFUL, "map-user", "Docker"],
    [DOCKER_ROOTLESS, "rootless", "rootless Docker"],
    [PODMAN_ROOTLESS, "keep-id", "rootless Podman"],
    [PODMAN_ROOTFUL, "map-user", "Podman"],
    ["24.0.7", "map-user", "engine"],
  ])("%s -> %s", (info, mode, kind) => {
    expect(userModeFromInfo(info)).toEqual({ mode, kind });
  });

  it("CONTAINER_USER_MODE overrides it, and only with a known mode", () => {
    expect(userModeOverride({})).toBeUndefined();
    expect(userModeOverride({ CONTAINER_USER_MODE: "keep-id" })).toBe("keep-id");
    expect(() => userModeOverride({ CONTAINER_USER_MODE: "root" })).toThrow(/must be one of map-user, rootless, keep-id/);
  });
});

/** The docker command lines a --dry-run prints (comments dropped). */
function commands(script: string, args: string[], env: NodeJS.ProcessEnv): string[] {
  const r = runDockerCli(script, [...args, "--dry-run"], env);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.split("\n").filter((l) => l.includes(" run "));
}

const uid = process.getuid!();
const gid = process.getgid!();

// One firmware build and one QEMU test plan: between them every kind of
// container (idf.py, esptool, the broker, QEMU); the Lua version does not
// change the user options (dry-run.test.ts checks both Lua versions' lines).
describe.each([
  ["firmware.ts", ["--lua", "5.1", "--profile", "qemu"]],
  ["test-qemu.ts", ["--lua", "5.3"]],
])("%s %j --dry-run", (script, args) => {
  it("rootful Docker: every container as -u uid:gid", () => {
    const lines = commands(script, args, { DOCKER: fakeEngine("docker-rootful", DOCKER_ROOTFUL) });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(l).toContain(` -u ${uid}:${gid} `);
  });

  it("rootless Docker: no -u at all, no keep-id", () => {
    const lines = commands(script, args, { DOCKER: fakeEngine("docker-rootless", DOCKER_ROOTLESS) });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect(l).not.toMatch(/ -u /);
      expect(l).not.toContain("--userns");
    }
  });

  it("rootless Podman: --userns=keep-id and no -u", () => {
    const lines = commands(script, args, { DOCKER: fakeEngine("podman-rootless", PODMAN_ROOTLESS) });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect(l).toContain(" --userns=keep-id ");
      expect(l).not.toMatch(/ -u /);
    }
  });

});

it("CONTAINER_USER_MODE wins over what the engine says", () => {
  const lines = commands("firmware.ts", [], { DOCKER: fakeEngine("docker-rootful2", DOCKER_ROOTFUL), CONTAINER_USER_MODE: "rootless" });
  expect(lines.length).toBeGreaterThan(2);
  for (const l of lines) expect(l).not.toMatch(/ -u /);
});
