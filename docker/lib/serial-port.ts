// The serial port `npm run flash` hands to the container: does it exist, can the
// calling user open it, and which group owns it. The container gets that group
// (--group-add), because `docker run -u uid:gid` gives the process only the
// primary group, not the host user's dialout/uucp membership.

import { accessSync, constants, readFileSync, statSync } from "node:fs";
import type { HostContext } from "./commands.ts";

/** What the check needs from the file system (tests pass fakes). */
export interface PortFs {
  gidOf(port: string): number;
  /** Throws (with an errno code) when the calling user cannot read and write it. */
  assertReadWrite(port: string): void;
  groupName(gid: number): string | undefined;
}

export const realPortFs: PortFs = {
  gidOf: (p) => statSync(p).gid,
  assertReadWrite: (p) => accessSync(p, constants.R_OK | constants.W_OK),
  groupName(gid) {
    try {
      const line = readFileSync("/etc/group", "utf8")
        .split("\n")
        .find((l) => l.split(":")[2] === String(gid));
      return line?.split(":")[0];
    } catch {
      return undefined;
    }
  },
};

export type PortCheck = { ok: true; gid: number } | { ok: false; message: string };

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

export function checkSerialPort(port: string, fs: PortFs = realPortFs): PortCheck {
  let gid: number;
  try {
    gid = fs.gidOf(port);
  } catch (e) {
    if (code(e) === "ENOENT") {
      return {
        ok: false,
        message:
          `flash: serial port ${port} does not exist. Is the board plugged in? On Linux it is usually ` +
          `/dev/ttyUSB0 or /dev/ttyACM0 (ls /dev/ttyUSB* /dev/ttyACM*). Docker on macOS and Windows cannot pass ` +
          `serial ports in: see docs/firmware.md for flashing with a local esptool.py.`,
      };
    }
    return { ok: false, message: `flash: cannot look at serial port ${port}: ${(e as Error).message}` };
  }
  try {
    fs.assertReadWrite(port);
  } catch (e) {
    const group = fs.groupName(gid);
    const name = group ?? `gid ${gid}`;
    if (code(e) === "EACCES" || code(e) === "EPERM") {
      return {
        ok: false,
        message:
          `flash: you cannot open ${port} (permission denied): it belongs to group ${name}${group ? ` (gid ${gid})` : ""} ` +
          `and you are not in it. Add yourself with: sudo usermod -aG ${group ?? gid} $USER, then log out and in again.`,
      };
    }
    return { ok: false, message: `flash: cannot open ${port}: ${(e as Error).message}` };
  }
  return { ok: true, gid };
}

/**
 * The --group-add value that lets the container open the port: its group id with
 * a rootful engine; Podman's "keep-groups" (the user's own groups) when rootless;
 * none for rootless Docker, whose containers cannot take on host groups.
 */
export function portGroupOption(ctx: HostContext, gid: number): string | undefined {
  switch (ctx.userMode) {
    case "map-user":
      return String(gid);
    case "keep-id":
      return "keep-groups";
    case "rootless":
      return undefined;
  }
}
