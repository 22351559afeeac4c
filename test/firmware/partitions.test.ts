// Our partition table (firmware-config/partitions.csv) parsed the way ESP-IDF
// v5.1.3 lays it out, and the app-size report `npm run firmware` prints after a
// build (idf.py size's summary and the .bin against the app partition).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkAppSize } from "../../docker/lib/app-size-check.ts";
import { appSizeVerdict, parseIdfSizeTotal } from "../../docker/lib/app-size.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { layoutProblems, parsePartitionTable, parseSize, smallestAppPartition } from "../../docker/lib/partitions.ts";

const FOUR_MB = 4 * 1024 * 1024;
const ours = parsePartitionTable(readFileSync(path.join(REPO_ROOT, "firmware-config/partitions.csv"), "utf8"));

// NodeMCU dev-esp32 @ 7c5bb151's components/platform/partitions.csv, as facts
// (the layout, written here in our own words): empty offsets follow on.
const NODEMCU_TABLE = [
  "# upstream layout",
  "nvs, data, nvs, 0x9000, 0x6000",
  "phy_init, data, phy, 0xf000, 0x1000",
  "factory, app, factory, 0x10000, 0x180000",
  "lfs, 0xC2, 0x01, , 0x10000",
  "storage, data, spiffs, , 0x70000",
].join("\n");

describe("partition table parsing (ESP-IDF's rules)", () => {
  it("reads numbers as ESP-IDF does: hex, decimal, K and M suffixes", () => {
    expect(parseSize("0x10000")).toBe(65536);
    expect(parseSize("4096")).toBe(4096);
    expect(parseSize("64K")).toBe(65536);
    expect(parseSize("2M")).toBe(2 * 1024 * 1024);
    expect(() => parseSize("lots")).toThrow(/not a number/);
  });

  it("places empty offsets after the previous partition, 64 KB-aligned for apps, 4 KB for data", () => {
    const t = parsePartitionTable("nvs, data, nvs, , 0x5000\napp0, app, factory, , 1M\nx, data, spiffs, , 0x1000");
    expect(t.map((p) => [p.name, p.offset])).toEqual([
      ["nvs", 0x9000], // right after the table at 0x8000
      ["app0", 0x10000], // 0xe000 rounded up to 64 KB
      ["x", 0x110000],
    ]);
  });

  it("gives NodeMCU's own table the layout its build uses (LFS right after the 1.5 MB factory app)", () => {
    const t = parsePartitionTable(NODEMCU_TABLE);
    expect(t.find((p) => p.name === "lfs")).toMatchObject({ offset: 0x190000, size: 0x10000 });
    expect(t.find((p) => p.name === "storage")).toMatchObject({ offset: 0x1a0000, size: 0x70000 });
    expect(layoutProblems(t, FOUR_MB)).toEqual([]);
  });

  it("finds overlaps, misaligned apps, partitions past the flash and duplicate names", () => {
    const bad = parsePartitionTable(
      ["a, data, nvs, 0x9000, 0x8000", "b, data, phy, 0xf000, 0x1000", "c, app, factory, 0x18000, 0x3f0000", "b, data, spiffs, , 0x1000"].join("\n"),
    );
    const problems = layoutProblems(bad, FOUR_MB).join("\n");
    expect(problems).toMatch(/b at 0xf000 overlaps a/);
    expect(problems).toMatch(/c at 0x18000 is not aligned to 0x10000/);
    expect(problems).toMatch(/past the 0x400000 flash/);
    expect(problems).toMatch(/two partitions named b/);
  });
});

describe("firmware-config/partitions.csv", () => {
  it("has no overlap and fits a 4 MB flash", () => {
    expect(layoutProblems(ours, FOUR_MB)).toEqual([]);
    const end = Math.max(...ours.map((p) => p.offset + p.size));
    expect(end).toBeLessThanOrEqual(FOUR_MB);
  });

  it("keeps NodeMCU's partitions and their types, with a larger factory app than NodeMCU's 1.5 MB", () => {
    const upstream = parsePartitionTable(NODEMCU_TABLE);
    expect(ours.map((p) => [p.name, p.type, p.subtype])).toEqual(upstream.map((p) => [p.name, p.type, p.subtype]));
    const app = smallestAppPartition(ours)!;
    expect(app.name).toBe("factory");
    expect(app.size).toBeGreaterThan(smallestAppPartition(upstream)!.size);
    expect(app.size).toBe(0x200000);
  });

  it("keeps the LFS and SPIFFS sizes NodeMCU has (buildinfo.cmake reports upstream's LFS size)", () => {
    const upstream = parsePartitionTable(NODEMCU_TABLE);
    for (const name of ["lfs", "storage", "nvs", "phy_init"])
      expect(ours.find((p) => p.name === name)?.size, name).toBe(upstream.find((p) => p.name === name)?.size);
  });
});

// esp-idf-size's text summary (the layout of its esp32 test artifact).
const IDF_SIZE_TEXT = [
  "Total sizes:",
  "Used static DRAM:   11316 bytes ( 169420 remain, 6.3% used)",
  "      .data size:    9084 bytes",
  "Used Flash size :  118046 bytes",
  "Total image size:  1379208 bytes (.bin may be padded larger)",
].join("\n");

describe("app size report", () => {
  const factory = smallestAppPartition(ours)!;

  it("reads the total from idf.py size's summary, and nothing from other text", () => {
    expect(parseIdfSizeTotal(IDF_SIZE_TEXT)).toBe(1379208);
    expect(parseIdfSizeTotal("Total image size: 179712 bytes (.bin may be padded larger)")).toBe(179712);
    expect(parseIdfSizeTotal("ninja: no work to do.")).toBeNull();
  });

  it("reports bytes, percentage and room of the partition; uses the larger of .bin and idf.py size", () => {
    const v = appSizeVerdict({ app: "nodemcu.bin", binBytes: 1_400_000, idfTotal: parseIdfSizeTotal(IDF_SIZE_TEXT), partition: factory });
    expect(v.level).toBe("ok");
    expect(v.percent).toBeCloseTo((1_400_000 / 0x200000) * 100, 5);
    expect(v.line).toBe(
      "app size: nodemcu.bin 1,400,000 bytes, idf.py size total 1,379,208 bytes in partition factory (2,097,152 bytes at 0x10000): 66.8% used, 697,152 bytes free",
    );
  });

  it("warns above 90%", () => {
    const v = appSizeVerdict({ app: "nodemcu.bin", binBytes: 1_900_000, idfTotal: null, partition: factory });
    expect(v.level).toBe("warn");
    expect(v.line).toMatch(/WARNING .* 90\.6% used, 197,152 bytes free \(above 90%\)/);
    expect(appSizeVerdict({ app: "a", binBytes: Math.floor(0x200000 * 0.9), idfTotal: null, partition: factory }).level).toBe("ok");
  });

  it("fails above 100% with what to do about it", () => {
    const upstreamFactory = smallestAppPartition(parsePartitionTable(NODEMCU_TABLE))!;
    const v = appSizeVerdict({ app: "nodemcu.bin", binBytes: null, idfTotal: 1_600_000, partition: upstreamFactory });
    expect(v.level).toBe("fail");
    expect(v.line).toMatch(/27,136 bytes MORE than partition factory \(1,572,864 bytes at 0x10000\) \(101\.7%\)/);
    expect(v.line).toMatch(/firmware-config\/partitions\.csv/);
    expect(appSizeVerdict({ app: "a", binBytes: 0x200000, idfTotal: null, partition: factory }).level).toBe("warn"); // exactly full fits
  });

  it("refuses to guess when neither number is known", () => {
    expect(() => appSizeVerdict({ app: "nodemcu.bin", binBytes: null, idfTotal: null, partition: factory })).toThrow(/no size known/);
  });
});

describe("the check after a build (files as a build leaves them)", () => {
  it("reads the table the variant's sdkconfig names, the .bin and idf.py size's report", () => {
    const root = mkdtempSync(path.join(tmpdir(), "app-size-"));
    const v = { lua: "5.3", profile: "qemu", protocol: "311", app: "unity" } as const;
    const dir = path.join(root, "build/firmware/lua53-qemu-mqtt311-unity");
    mkdirSync(path.join(dir, "idf"), { recursive: true });
    mkdirSync(path.join(root, "firmware-config"));
    copyFileSync(path.join(REPO_ROOT, "firmware-config/partitions.csv"), path.join(root, "firmware-config/partitions.csv"));
    // The Unity app's project is test/target: the path is relative to it.
    writeFileSync(
      path.join(dir, "sdkconfig"),
      'CONFIG_PARTITION_TABLE_CUSTOM=y\nCONFIG_PARTITION_TABLE_CUSTOM_FILENAME="../../firmware-config/partitions.csv"\nCONFIG_PARTITION_TABLE_OFFSET=0x8000\n',
    );
    writeFileSync(path.join(dir, "idf", "nodemcu_unity.bin"), Buffer.alloc(1_950_000));
    writeFileSync(path.join(dir, "size.txt"), IDF_SIZE_TEXT);
    const v1 = checkAppSize(root, v);
    expect(v1.level).toBe("warn");
    expect(v1.line).toContain("nodemcu_unity.bin 1,950,000 bytes, idf.py size total 1,379,208 bytes in partition factory");
    writeFileSync(path.join(dir, "idf", "nodemcu_unity.bin"), Buffer.alloc(0x200001));
    expect(checkAppSize(root, v).level).toBe("fail");
  });
});
