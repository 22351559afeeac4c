// components/modules/buildinfo.cmake run by CMake in script mode: the buildinfo.h
// it writes into the NodeMCU checkout reports the LFS size of the partition table
// the build flashes (firmware-config/partitions.csv), not upstream's. The fake
// checkout's upstream table has a different LFS size, so reading it would show.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { parsePartitionTable } from "../../docker/lib/partitions.ts";

describe("buildinfo.cmake", () => {
  it("writes buildinfo.h with our table's LFS size and the linked module list", () => {
    const checkout = mkdtempSync(path.join(tmpdir(), "buildinfo-"));
    mkdirSync(path.join(checkout, "components/platform/include"), { recursive: true });
    writeFileSync(
      path.join(checkout, "components/platform/partitions.csv"),
      "nvs, data, nvs, 0x9000, 0x6000\nfactory, app, factory, 0x10000, 0x180000\nlfs, 0xC2, 0x01, , 0x30000\n",
    );
    const driver = path.join(checkout, "driver.cmake");
    writeFileSync(driver, `include("${path.join(REPO_ROOT, "components/modules/buildinfo.cmake")}")\n`);
    execFileSync("cmake", [
      `-DNODEMCU_DIR=${checkout}`, "-DNODEMCU_BRANCH=dev-esp32", "-Dnodemcu_modules_enabled=MQTT;NODE;FILE", "-P", driver,
    ]);
    const header = readFileSync(path.join(checkout, "components/platform/include/buildinfo.h"), "utf8");
    const ours = parsePartitionTable(readFileSync(path.join(REPO_ROOT, "firmware-config/partitions.csv"), "utf8"));
    const lfs = ours.find((p) => p.name === "lfs")!.size;
    expect(header).toContain(`#define BUILDINFO_LFS_SIZE ${lfs}\n`);
    expect(lfs).not.toBe(0x30000);
    expect(header).toContain('#define BUILDINFO_MODULES "mqtt,node,file"');
    expect(header).toContain('#define BUILDINFO_BRANCH "dev-esp32"');
  });
});
