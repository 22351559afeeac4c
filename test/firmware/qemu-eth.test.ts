// main/qemu_eth.c's init path, compiled for the host with fakes of the ESP-IDF
// calls it makes (fixtures/qemu-eth) and real Lua 5.1 / 5.3, under ASan and
// UBSan: Lua starting a second time in one boot (after an LFS reload NodeMCU
// runs every module's init again) must leave the Ethernet of the first start
// alone. The fixture prints FAIL lines and exits 1 when it does not.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { strictFlags } from "../compiler/helpers.ts";

const run = promisify(execFile);
const fixture = path.join(REPO_ROOT, "test/firmware/fixtures/qemu-eth");

describe("main/qemu_eth.c on the host with fake IDF calls", () => {
  it.each(["5.1", "5.3"])("Lua %s: a second module init (Lua restarted) starts nothing and keeps openeth.ip()", async (lua) => {
    const bin = path.join(mkdtempSync(path.join(tmpdir(), "qemu-eth-")), "test");
    await run("gcc", [
      ...strictFlags, "-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
      "-I", fixture, "-I", path.join(REPO_ROOT, "host/include"), "-I", `/usr/include/lua${lua}`,
      path.join(fixture, "test_qemu_eth.c"), path.join(REPO_ROOT, "host/esp-mqtt/esp_err.c"),
      `-llua${lua}`, "-o", bin,
    ]);
    const r = await run(bin, [], { env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1" } }).catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(r.stdout, r.stderr).toContain("restart: openeth.ip() = 10.0.2.15");
    expect(r.stdout).not.toContain("FAIL");
    expect(r.stdout.trim().split("\n").at(-1)).toBe("OK");
    expect(r.stderr).toContain("Lua restarted: OpenCores Ethernet kept as started at boot");
  });
});
