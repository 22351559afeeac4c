// Argument parsing of the three npm scripts.
import { describe, expect, it } from "vitest";
import { UsageError, parseFirmwareArgs, parseFlashArgs, parseQemuTestArgs } from "../../docker/lib/args.ts";

describe("npm run firmware arguments", () => {
  it("defaults to Lua 5.3, real device, MQTT 3.1.1, the firmware app", () => {
    expect(parseFirmwareArgs([])).toEqual({
      variant: { lua: "5.3", profile: "device", protocol: "311", app: "firmware" },
      menuconfig: false,
      dryRun: false,
    });
  });

  it("takes every option", () => {
    expect(
      parseFirmwareArgs(["--lua", "5.1", "--profile", "qemu", "--protocol", "31", "--app", "unity", "--menuconfig", "--dry-run"]),
    ).toEqual({ variant: { lua: "5.1", profile: "qemu", protocol: "31", app: "unity" }, menuconfig: true, dryRun: true });
    expect(parseFirmwareArgs(["--lua=5.1"]).variant.lua).toBe("5.1");
  });

  it.each([
    [["--lua", "5.4"], /--lua must be one of 5.1, 5.3 \(got "5.4"\)/],
    [["--profile", "board"], /--profile must be one of device, qemu/],
    [["--protocol", "5"], /--protocol must be one of 311, 31/],
    [["--app", "x"], /--app must be one of firmware, unity/],
    [["--colour"], /Unknown option '--colour'/],
    [["extra"], /positional/i],
    [["--lua"], /argument missing|requires/i],
  ])("rejects %j", (argv, message) => {
    expect(() => parseFirmwareArgs(argv)).toThrow(UsageError);
    expect(() => parseFirmwareArgs(argv)).toThrow(message);
  });
});

describe("npm run flash arguments", () => {
  it("needs --port", () => {
    expect(() => parseFlashArgs([])).toThrow(/--port is required/);
  });

  it("defaults to the device profile and 460800 baud", () => {
    expect(parseFlashArgs(["--port", "/dev/ttyUSB0"])).toEqual({
      variant: { lua: "5.3", profile: "device", protocol: "311", app: "firmware" },
      port: "/dev/ttyUSB0",
      baud: 460800,
      dryRun: false,
    });
  });

  it("takes baud and variant", () => {
    const o = parseFlashArgs(["--port", "COM3", "--baud", "115200", "--lua", "5.1", "--protocol", "31", "--dry-run"]);
    expect(o).toMatchObject({ port: "COM3", baud: 115200, dryRun: true, variant: { lua: "5.1", protocol: "31" } });
  });

  it("rejects a bad baud rate", () => {
    expect(() => parseFlashArgs(["--port", "p", "--baud", "fast"])).toThrow(/--baud must be a positive integer/);
    expect(() => parseFlashArgs(["--port", "p", "--baud", "0"])).toThrow(/--baud/);
  });
});

describe("npm run test:qemu arguments", () => {
  it("defaults", () => {
    expect(parseQemuTestArgs([])).toEqual({ lua: "5.3", protocol: "311", noBuild: false, timeoutSec: 60, dryRun: false });
  });

  it("takes every option", () => {
    expect(parseQemuTestArgs(["--lua", "5.1", "--protocol", "31", "--no-build", "--timeout", "90", "--dry-run"])).toEqual(
      { lua: "5.1", protocol: "31", noBuild: true, timeoutSec: 90, dryRun: true },
    );
  });

  it("has no --profile: QEMU tests always use the qemu profile", () => {
    expect(() => parseQemuTestArgs(["--profile", "device"])).toThrow(UsageError);
  });

  it("rejects a bad timeout", () => {
    expect(() => parseQemuTestArgs(["--timeout", "-3"])).toThrow(UsageError);
  });
});
