// Command-line parsing for `npm run firmware`, `npm run flash` and `npm run test:qemu`.
// Pure functions: argv in, options or a usage error out (tested in test/firmware).

import { parseArgs, type ParseArgsConfig } from "node:util";
import type { App, LuaVersion, Profile, Protocol, Variant } from "./variant.ts";
import { DEFAULT_VARIANT } from "./variant.ts";

export class UsageError extends Error {}

export interface FirmwareOptions {
  variant: Variant;
  /** Open `idf.py menuconfig` for the variant before building (needs a terminal). */
  menuconfig: boolean;
  dryRun: boolean;
}

export interface FlashOptions {
  variant: Variant;
  port: string;
  baud: number;
  dryRun: boolean;
}

export interface QemuTestOptions {
  lua: LuaVersion;
  protocol: Protocol;
  /** Skip the image/firmware builds and use what is already in build/firmware. */
  noBuild: boolean;
  /** Seconds allowed for each wait (boot prompt, DHCP, one scenario step). */
  timeoutSec: number;
  dryRun: boolean;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${value}")`);
}

function positiveInt(name: string, value: string | undefined, dflt: number): number {
  if (value === undefined) return dflt;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`--${name} must be a positive integer (got "${value}")`);
  return Number(value);
}

function parse(argv: readonly string[], options: NonNullable<ParseArgsConfig["options"]>) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const LUA = ["5.1", "5.3"] as const;
const PROFILES = ["device", "qemu"] as const;
const PROTOCOLS = ["311", "31"] as const;
const APPS = ["firmware", "unity"] as const;

const variantOptions = {
  lua: { type: "string" },
  profile: { type: "string" },
  protocol: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function variantFrom(values: Record<string, string | boolean | undefined>, defaultProfile: Profile): Omit<Variant, "app"> {
  return {
    lua: oneOf("lua", str(values.lua), LUA, DEFAULT_VARIANT.lua),
    profile: oneOf("profile", str(values.profile), PROFILES, defaultProfile),
    protocol: oneOf("protocol", str(values.protocol), PROTOCOLS, DEFAULT_VARIANT.protocol),
  };
}

export const FIRMWARE_USAGE =
  "usage: npm run firmware -- [--lua 5.1|5.3] [--profile device|qemu] [--protocol 311|31] [--app firmware|unity] [--menuconfig] [--dry-run]";

export function parseFirmwareArgs(argv: readonly string[]): FirmwareOptions {
  const values = parse(argv, { ...variantOptions, app: { type: "string" }, menuconfig: { type: "boolean" } });
  const app: App = oneOf("app", str(values.app), APPS, "firmware");
  return {
    variant: { ...variantFrom(values, DEFAULT_VARIANT.profile), app },
    menuconfig: values.menuconfig === true,
    dryRun: values["dry-run"] === true,
  };
}

export const FLASH_USAGE =
  "usage: npm run flash -- --port /dev/ttyUSB0 [--baud 460800] [--lua 5.1|5.3] [--profile device|qemu] [--protocol 311|31] [--dry-run]";

export function parseFlashArgs(argv: readonly string[]): FlashOptions {
  const values = parse(argv, { ...variantOptions, port: { type: "string" }, baud: { type: "string" } });
  const port = str(values.port);
  if (!port) throw new UsageError("--port is required, e.g. --port /dev/ttyUSB0");
  return {
    variant: { ...variantFrom(values, "device"), app: "firmware" },
    port,
    baud: positiveInt("baud", str(values.baud), 460800),
    dryRun: values["dry-run"] === true,
  };
}

export const QEMU_USAGE =
  "usage: npm run test:qemu -- [--lua 5.1|5.3] [--protocol 311|31] [--no-build] [--timeout SECONDS] [--dry-run]";

export function parseQemuTestArgs(argv: readonly string[]): QemuTestOptions {
  const values = parse(argv, {
    lua: { type: "string" },
    protocol: { type: "string" },
    "no-build": { type: "boolean" },
    timeout: { type: "string" },
    "dry-run": { type: "boolean" },
  });
  return {
    lua: oneOf("lua", str(values.lua), LUA, DEFAULT_VARIANT.lua),
    protocol: oneOf("protocol", str(values.protocol), PROTOCOLS, DEFAULT_VARIANT.protocol),
    noBuild: values["no-build"] === true,
    timeoutSec: positiveInt("timeout", str(values.timeout), 60),
    dryRun: values["dry-run"] === true,
  };
}
