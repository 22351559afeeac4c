// What `npm run firmware` does around idf.py for one variant, with a FAKE
// command runner standing in for Docker: it writes the files ESP-IDF would
// (sdkconfig, the app .bin, idf.py size's report) so that the app-size step,
// the merge and the copies run as in a real build. Sizes are chosen to land
// below 90%, between 90% and 100%, and above 100% of the 2 MB factory partition.
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildVariant } from "../../docker/lib/build-steps.ts";
import type { Command, HostContext } from "../../docker/lib/commands.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { NODEMCU_DIR } from "../../docker/lib/pins.ts";
import { variantDir } from "../../docker/lib/variant.ts";

const V = { lua: "5.3", profile: "device", protocol: "311", app: "firmware" } as const;
const FACTORY = 0x200000;

function fakeRepo(): string {
  const root = mkdtempSync(path.join(tmpdir(), "fw-build-"));
  cpSync(path.join(REPO_ROOT, "firmware-config"), path.join(root, "firmware-config"), { recursive: true });
  mkdirSync(path.join(root, NODEMCU_DIR), { recursive: true });
  writeFileSync(path.join(root, NODEMCU_DIR, "sdkconfig.defaults"), "CONFIG_ESPTOOLPY_FLASHSIZE_4MB=y\n");
  return root;
}

/** A runner that plays ESP-IDF: `binBytes` is the app it "builds", `buildExit` its exit code. */
function fakeIdf(root: string, binBytes: number, buildExit = 0) {
  const ran: string[] = [];
  const dir = path.join(root, variantDir(V));
  const put = (rel: string, data: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), data);
  };
  const run = async (commands: readonly Command[]) => {
    const argv = commands[0]!.argv;
    if (argv.includes("merge_bin")) {
      ran.push("merge");
      put("flash_image.bin", Buffer.alloc(16));
      return 0;
    }
    const action = argv.includes("size") ? "size" : "build";
    ran.push(action);
    if (action === "build") {
      put("sdkconfig", 'CONFIG_PARTITION_TABLE_CUSTOM=y\nCONFIG_PARTITION_TABLE_CUSTOM_FILENAME="firmware-config/partitions.csv"\nCONFIG_PARTITION_TABLE_OFFSET=0x8000\n');
      put("idf/nodemcu.bin", Buffer.alloc(binBytes));
      put("idf/bootloader/bootloader.bin", "b");
      put("idf/partition_table/partition-table.bin", "p");
      put("idf/flash_args", "--flash_size 4MB\n0x10000 nodemcu.bin\n");
      return buildExit;
    }
    put("size.txt", `Total sizes:\nTotal image size: ${binBytes - 32} bytes (.bin may be padded larger)\n`);
    return 0;
  };
  return { run, ran, dir };
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("npm run firmware: the app-size step between build and merge", () => {
  const ctx = (root: string): HostContext => ({ repoRoot: root, user: "1:1", docker: "docker", userMode: "map-user" });

  it("an app that fits: one size line, then merge and the copies", async () => {
    const root = fakeRepo();
    const idf = fakeIdf(root, 1_000_000);
    const { out, err } = capture();
    expect(await buildVariant(ctx(root), V, false, idf.run)).toBe(0);
    expect(idf.ran).toEqual(["build", "size", "merge"]);
    expect(out.join("\n")).toContain(
      "app size: nodemcu.bin 1,000,000 bytes, idf.py size total 999,968 bytes in partition factory (2,097,152 bytes at 0x10000): 47.7% used",
    );
    expect(err).toEqual([]);
    expect(existsSync(path.join(idf.dir, "nodemcu.bin"))).toBe(true);
  });

  it("above 90%: a WARNING on stderr, and the build still completes", async () => {
    const root = fakeRepo();
    const idf = fakeIdf(root, Math.round(FACTORY * 0.95));
    const { err } = capture();
    expect(await buildVariant(ctx(root), V, false, idf.run)).toBe(0);
    expect(idf.ran).toEqual(["build", "size", "merge"]);
    expect(err.join("\n")).toMatch(/app size: WARNING nodemcu\.bin .* 95\.0% used, .* \(above 90%\)/);
  });

  it("too large, as ESP-IDF's build reports by failing: the size is still reported, nothing merged", async () => {
    const root = fakeRepo();
    const idf = fakeIdf(root, FACTORY + 4096, 2);
    const { err } = capture();
    expect(await buildVariant(ctx(root), V, false, idf.run)).toBe(2);
    expect(idf.ran).toEqual(["build", "size"]);
    expect(err.join("\n")).toMatch(/app size: nodemcu\.bin 2,101,248 bytes, .*: 4,096 bytes MORE than partition factory/);
    expect(existsSync(path.join(idf.dir, "flash_image.bin"))).toBe(false);
  });

  it("too large by our check alone (ESP-IDF said nothing): exit 1, nothing merged", async () => {
    const root = fakeRepo();
    const idf = fakeIdf(root, FACTORY + 1);
    const { err } = capture();
    expect(await buildVariant(ctx(root), V, false, idf.run)).toBe(1);
    expect(idf.ran).toEqual(["build", "size"]);
    expect(err.join("\n")).toContain("1 bytes MORE than partition factory");
  });

  it("a build that fails before writing the app: no size step", async () => {
    const root = fakeRepo();
    const idf = fakeIdf(root, 1000, 1);
    const run = async (c: readonly Command[]) => {
      if (c[0]!.argv.includes("build") && !c[0]!.argv.includes("size")) {
        idf.ran.push("build");
        return 1; // compile error: no .bin
      }
      return idf.run(c);
    };
    capture();
    expect(await buildVariant(ctx(root), V, false, run)).toBe(1);
    expect(idf.ran).toEqual(["build"]);
  });
});
