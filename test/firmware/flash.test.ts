// npm run flash: the serial port's group goes into the container (--group-add),
// because `docker run -u uid:gid` keeps only the primary group; a missing port or
// one the user cannot open stops the run with a message that says what to do.
// Stand-in ports here are plain files (stat and access treat them alike).
import { chmodSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type HostContext, flashCommand } from "../../docker/lib/commands.ts";
import { type PortFs, checkSerialPort, portGroupOption } from "../../docker/lib/serial-port.ts";
import { formatCommand } from "../../docker/lib/shell-quote.ts";
import { runDockerCli } from "./cli.ts";

const dir = mkdtempSync(path.join(tmpdir(), "flash-"));
const port = path.join(dir, "ttyUSB0");
writeFileSync(port, "");
const missing = path.join(dir, "ttyUSB9");
const portGid = statSync(port).gid;

const ctx = (userMode: HostContext["userMode"]): HostContext => ({
  repoRoot: "/home/u/r", user: "1000:1000", docker: "docker", userMode,
});
const V = { lua: "5.3", profile: "device", protocol: "311", app: "firmware" } as const;

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: fake`), { code });
}

describe("the port check", () => {
  it("gives the port's group id when the user can open it", () => {
    expect(checkSerialPort(port)).toEqual({ ok: true, gid: portGid });
  });

  it("says what to do when the port does not exist", () => {
    const r = checkSerialPort(missing);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(new RegExp(`flash: serial port ${missing} does not exist\\. Is the board plugged in\\?`));
  });

  it("names the group to join when the user may not open it", () => {
    const fs: PortFs = {
      gidOf: () => 20,
      assertReadWrite: () => {
        throw errno("EACCES");
      },
      groupName: (gid) => (gid === 20 ? "dialout" : undefined),
    };
    expect(checkSerialPort("/dev/ttyUSB0", fs)).toEqual({
      ok: false,
      message:
        "flash: you cannot open /dev/ttyUSB0 (permission denied): it belongs to group dialout (gid 20) and you are not in it. " +
        "Add yourself with: sudo usermod -aG dialout $USER, then log out and in again.",
    });
    const noName = checkSerialPort("/dev/ttyUSB0", { ...fs, groupName: () => undefined });
    expect(!noName.ok && noName.message).toContain("belongs to group gid 20 and you are not in it");
  });

  it("passes other errors on as they are", () => {
    const r = checkSerialPort("/dev/x", { gidOf: () => 5, assertReadWrite: () => { throw errno("EBUSY"); }, groupName: () => "tty" });
    expect(!r.ok && r.message).toBe("flash: cannot open /dev/x: EBUSY: fake");
  });
});

describe("the flash command line", () => {
  it("rootful engine: --device and --group-add with the port's group id", () => {
    expect(formatCommand(flashCommand(ctx("map-user"), V, "/dev/ttyUSB0", 460800, portGroupOption(ctx("map-user"), 20)).argv)).toBe(
      "docker run --rm --device /dev/ttyUSB0 --group-add 20 -v /home/u/r:/project -w /project/build/firmware/lua53-device-mqtt311/idf -u 1000:1000 -e HOME=/tmp nodemcu-mqtt-ts-idf:v5.1.3 esptool.py --chip esp32 -p /dev/ttyUSB0 -b 460800 --before default_reset --after hard_reset write_flash @flash_args",
    );
  });

  it("rootless Podman keeps the user's own groups; rootless Docker cannot add host groups", () => {
    expect(portGroupOption(ctx("keep-id"), 20)).toBe("keep-groups");
    expect(formatCommand(flashCommand(ctx("keep-id"), V, "/dev/ttyUSB0", 115200, "keep-groups").argv)).toContain(
      "--device /dev/ttyUSB0 --group-add keep-groups -v /home/u/r:/project -w /project/build/firmware/lua53-device-mqtt311/idf --userns=keep-id -e HOME=/tmp",
    );
    expect(portGroupOption(ctx("rootless"), 20)).toBeUndefined();
  });
});

describe("npm run flash", () => {
  const engineUp = path.join(dir, "docker-up");
  writeFileSync(engineUp, `#!/bin/sh\n[ "$1" = info ] && echo '{"ServerVersion":"24.0.7"}' && exit 0\nexit 1\n`);
  chmodSync(engineUp, 0o755);

  it("--dry-run shows the command with the port's group", () => {
    const r = runDockerCli("flash.ts", ["--port", port, "--dry-run"], { DOCKER: engineUp });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`--device ${port} --group-add ${portGid} `);
  });

  it("--dry-run on a missing port shows the command and the error a real run would stop with", () => {
    const r = runDockerCli("flash.ts", ["--port", missing, "--dry-run"], { DOCKER: engineUp });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`# note: a real run stops here: flash: serial port ${missing} does not exist`);
    expect(r.stdout).toContain(`--device ${missing} -v `);
  });

  it("a real run stops on a missing port before anything runs", () => {
    const r = runDockerCli("flash.ts", ["--port", missing], { DOCKER: engineUp });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toMatch(new RegExp(`^flash: serial port ${missing} does not exist`));
  });
});
