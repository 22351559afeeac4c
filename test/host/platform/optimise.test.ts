// The runner builds the runtime optimised as the firmware is (-Os, keeping -g);
// -O0 only with --debug. Read back from the binary itself: gcc records the flags
// of every compilation unit in its DWARF producer string.
import { describe, expect, it } from "vitest";
import { buildHost } from "../../../host/runner/build.ts";
import { parseArgs } from "../../../host/runner/args.ts";
import { RINGBUF, unitFlags } from "./helpers.ts";

/** The distinct -O levels of our units; each must keep -g. */
function optLevels(binary: string): Set<string> {
  const units = unitFlags(binary);
  expect(units.size, "units built from the repository").toBeGreaterThan(5);
  const levels = new Set<string>();
  for (const [name, flags] of units) {
    expect(flags, `${name} keeps -g`).toMatch(/ -g\b/);
    levels.add((flags.match(/ -O\S*/g) ?? ["(none)"]).join(" ").trim());
  }
  return levels;
}

describe("build flags", () => {
  it("builds with -Os and -g by default, like the firmware (CONFIG_COMPILER_OPTIMIZATION_SIZE)", async () => {
    const r = await buildHost({ lua: "5.3", mqtt: false });
    expect(optLevels(r.binary)).toEqual(new Set(["-Os"]));
  });

  it("the sanitizer build is optimised too, and still carries ASan/UBSan", async () => {
    // Same options as build.test.ts's --sanitize run, so the cache usually has it.
    const r = await buildHost({ lua: "5.3", mqtt: false, with: [RINGBUF], sanitize: true });
    expect(optLevels(r.binary)).toEqual(new Set(["-Os"]));
    for (const flags of unitFlags(r.binary).values()) expect(flags).toContain("-fsanitize=address,undefined");
  });

  it("--debug builds at -O0, as a separate cached binary", async () => {
    const opts = parseArgs(["--debug", "--no-mqtt", "s.lua"]);
    const plainOpts = parseArgs(["s.lua"]);
    if (opts === "help" || plainOpts === "help") throw new Error("a script was given: not a help request");
    expect(opts.debug).toBe(true);
    expect(plainOpts.debug).toBeUndefined();
    const dbg = await buildHost({ lua: "5.3", mqtt: false, debug: true });
    const plain = await buildHost({ lua: "5.3", mqtt: false });
    expect(dbg.key).not.toBe(plain.key);
    expect(optLevels(dbg.binary)).toEqual(new Set(["-O0"]));
  });
});
