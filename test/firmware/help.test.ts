// `npm run firmware|flash|test:qemu -- --help` (and -h): usage with one line per
// option on stdout, exit 0, nothing run; an unknown option stays an error
// (exit 2, the message and the usage on stderr).
import { describe, expect, it } from "vitest";
import {
  FIRMWARE_USAGE,
  FLASH_USAGE,
  HelpRequested,
  QEMU_USAGE,
  parseFirmwareArgs,
  parseFlashArgs,
  parseQemuTestArgs,
} from "../../docker/lib/args.ts";
import { runDockerCli } from "./cli.ts";

const scripts = [
  { file: "firmware.ts", usage: FIRMWARE_USAGE, parse: parseFirmwareArgs,
    options: ["--lua", "--profile", "--protocol", "--app", "--menuconfig", "--dry-run", "--help"] },
  { file: "flash.ts", usage: FLASH_USAGE, parse: parseFlashArgs,
    options: ["--port", "--baud", "--lua", "--profile", "--protocol", "--dry-run", "--help"] },
  { file: "test-qemu.ts", usage: QEMU_USAGE, parse: parseQemuTestArgs,
    options: ["--lua", "--protocol", "--no-build", "--timeout", "--dry-run", "--help"] },
] as const;

describe.each(scripts)("$file", ({ file, usage, parse, options }) => {
  it("usage has exactly one line per option", () => {
    const optionLines = usage.split("\n").filter((l) => /^ {2}-/.test(l));
    expect(optionLines).toHaveLength(options.length);
    for (const o of options) expect(optionLines.filter((l) => l.includes(`${o} `) || l.endsWith(o)), o).toHaveLength(1);
  });

  it("the parser asks for help before it checks anything else", () => {
    for (const argv of [["--help"], ["-h"], ["--lua", "5.4", "-h"], ["--nonsense", "--help"]])
      expect(() => parse(argv), JSON.stringify(argv)).toThrow(HelpRequested);
  });

  it.each([["--help"], ["-h"]])("%s prints the usage to stdout and exits 0", (flag) => {
    // DOCKER points nowhere: help must not look for an engine or run anything.
    const r = runDockerCli(file, [flag], { DOCKER: "/nonexistent/docker" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${usage}\n`);
  });

  it("an unknown option is an error: exit 2, message and usage on stderr", () => {
    const r = runDockerCli(file, ["--colour"], { DOCKER: "/nonexistent/docker" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Unknown option '--colour'");
    expect(r.stderr).toContain(usage);
  });
});
