// Command-line parsing for `npm run firmware`, `npm run flash` and `npm run test:qemu`.
// Pure functions: argv in, options or a usage error out (tested in test/firmware).

import { parseArgs, type ParseArgsConfig } from "node:util";
import type { App, LuaVersion, Profile, Protocol, Variant } from "./variant.ts";
import { DEFAULT_VARIANT } from "./variant.ts";

export class UsageError extends Error {}

/** -h/--help was given: the entry point prints the usage to stdout and exits 0. */
export class HelpRequested extends Error {}

/** One line of a script's help: the option as typed, and what it does. */
export interface OptionHelp {
  option: string;
  text: string;
}

const HELP_OPTION: OptionHelp = { option: "-h, --help", text: "print this help and exit" };

/** Usage line, one line per option (aligned), as printed by --help. */
export function formatUsage(synopsis: string, summary: string, options: readonly OptionHelp[]): string {
  const all = [...options, HELP_OPTION];
  const width = Math.max(...all.map((o) => o.option.length)) + 2;
  return [`usage: ${synopsis}`, summary, "", "options:", ...all.map((o) => `  ${o.option.padEnd(width)}${o.text}`)].join("\n");
}

/** Help wins over everything else on the line, as in most command-line tools. */
function helpAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "-h" || a === "--help");
}

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
  if (helpAsked(argv)) throw new HelpRequested();
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

const VARIANT_HELP: OptionHelp[] = [
  { option: "--lua 5.3|5.1", text: "NodeMCU's Lua version (default 5.3)" },
  { option: "--protocol 311|31", text: "MQTT 3.1.1 or 3.1, ESP-MQTT's CONFIG_MQTT_PROTOCOL_311 (default 311)" },
];
const DRY_RUN_HELP: OptionHelp = { option: "--dry-run", text: "print the exact commands and run nothing (needs no Docker)" };

export const FIRMWARE_USAGE = formatUsage(
  "npm run firmware -- [options]",
  "Build NodeMCU dev-esp32 with our mqtt module in the ESP-IDF v5.1.3 image into build/firmware/<variant>/.",
  [
    VARIANT_HELP[0]!,
    { option: "--profile device|qemu", text: "a real ESP32 board, or QEMU (OpenCores Ethernet, quiet logs) (default device)" },
    VARIANT_HELP[1]!,
    { option: "--app firmware|unity", text: "the NodeMCU firmware, or the Unity test app in test/target/ (default firmware)" },
    { option: "--menuconfig", text: "open idf.py menuconfig for the variant before building (needs a terminal)" },
    DRY_RUN_HELP,
  ],
);

export function parseFirmwareArgs(argv: readonly string[]): FirmwareOptions {
  const values = parse(argv, { ...variantOptions, app: { type: "string" }, menuconfig: { type: "boolean" } });
  const app: App = oneOf("app", str(values.app), APPS, "firmware");
  return {
    variant: { ...variantFrom(values, DEFAULT_VARIANT.profile), app },
    menuconfig: values.menuconfig === true,
    dryRun: values["dry-run"] === true,
  };
}

export const FLASH_USAGE = formatUsage(
  "npm run flash -- --port /dev/ttyUSB0 [options]",
  "Write a variant built by npm run firmware to a board with the image's esptool.py (Linux serial ports).",
  [
    { option: "--port PATH", text: "the board's serial port, e.g. /dev/ttyUSB0 (required)" },
    { option: "--baud N", text: "esptool's baud rate (default 460800)" },
    VARIANT_HELP[0]!,
    { option: "--profile device|qemu", text: "which build to write (default device)" },
    VARIANT_HELP[1]!,
    DRY_RUN_HELP,
  ],
);

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

export const QEMU_USAGE = formatUsage(
  "npm run test:qemu -- [options]",
  "Build the QEMU firmware and Unity app, boot them in QEMU next to a Mosquitto 2 broker, run the MQTT scenarios.",
  [
    ...VARIANT_HELP,
    { option: "--no-build", text: "reuse build/firmware/ (e.g. CI artifacts) instead of building" },
    { option: "--timeout SECONDS", text: "seconds for each wait: boot prompt, DHCP, one scenario step (default 60)" },
    DRY_RUN_HELP,
  ],
);

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
