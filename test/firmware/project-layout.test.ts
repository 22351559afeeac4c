// The ESP-IDF project files agree with each other and with docker/lib/pins.ts.
// (They cannot be built here: these checks are what can be verified without
// ESP-IDF. The build itself runs in Docker, see docs/firmware.md.)
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fragmentsHash, refreshSdkconfig } from "../../docker/lib/config-stamp.ts";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { IDF_BASE_IMAGE, IMAGE, NODEMCU_BRANCH, NODEMCU_COMMIT, NODEMCU_DIR, ZIGLANG_VERSION } from "../../docker/lib/pins.ts";
import { fragmentFiles } from "../../docker/lib/sdkconfig.ts";
import { DEFAULT_VARIANT } from "../../docker/lib/variant.ts";

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), "utf8");

describe("where the NodeMCU checkout lives", () => {
  it("is the same path in the cmake helper, the modules Kconfig and the fragments", () => {
    const helper = read("components/nodemcu-upstream.cmake");
    const m = /get_filename_component\(NODEMCU_DIR "\$\{CMAKE_CURRENT_LIST_DIR\}\/\.\.\/([^"]+)" ABSOLUTE\)/.exec(helper);
    expect(m?.[1]).toBe(NODEMCU_DIR);
    expect(helper).toContain(`set(NODEMCU_BRANCH "${NODEMCU_BRANCH}")`);

    const kconfig = read("components/modules/Kconfig");
    const rs = /^rsource "([^"]+)"$/m.exec(kconfig);
    expect(path.resolve(REPO_ROOT, "components/modules", rs![1]!)).toBe(
      path.resolve(REPO_ROOT, NODEMCU_DIR, "components/modules/Kconfig"),
    );
  });

  it("is ignored by git, so nothing fetched is ever committed", () => {
    expect(read(".gitignore").split("\n")).toContain(".cache/");
  });

  it("the pinned commit is NodeMCU's dev-esp32 7c5bb151", () => {
    expect(NODEMCU_COMMIT.startsWith("7c5bb151")).toBe(true);
    expect(NODEMCU_COMMIT).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("docker/Dockerfile", () => {
  const df = read("docker/Dockerfile");
  it("extends the IDF image NodeMCU's pin needs, with NodeMCU's build needs and no broker of its own", () => {
    expect(df).toMatch(/^FROM espressif\/idf:v5\.1\.3$/m);
    expect(df.split("\n")).toContain(`FROM ${IDF_BASE_IMAGE}`);
    // our image is tagged with the IDF release it extends
    expect(IMAGE.split(":")[1]).toBe(IDF_BASE_IMAGE.split(":")[1]);
    for (const pkg of ["openssl", "perl"]) expect(df).toMatch(new RegExp(`\\s${pkg}(\\s|$)`));
    // Ubuntu 20.04's Mosquitto 1.6.9 loses wills on takeover: the broker comes from BROKER_IMAGE.
    expect(df).not.toMatch(/install[^#]*\smosquitto/);
    // luac.cross is compiled with `python -m ziglang cc` by NodeMCU's build:
    // one exact ziglang version, the one pins.ts names, never an open range.
    expect(df).toContain(`python -m pip install --no-cache-dir "ziglang==${ZIGLANG_VERSION}"`);
    expect(df.split("\n").filter((l) => !l.trimStart().startsWith("#")).join("\n")).not.toMatch(/ziglang\s*(>|<|~=|\^)/);
    expect(ZIGLANG_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("project CMakeLists.txt", () => {
  const root = read("CMakeLists.txt");

  it("defaults to the same fragments as npm run firmware's default variant", () => {
    const block = /set\(SDKCONFIG_DEFAULTS([\s\S]*?)\)\nendif/.exec(root)![1]!;
    const files = [...block.matchAll(/"\$\{(NODEMCU_DIR|CMAKE_CURRENT_LIST_DIR)\}\/([^"]+)"/g)].map((m) =>
      m[1] === "NODEMCU_DIR" ? `${NODEMCU_DIR}/${m[2]}` : m[2],
    );
    expect(files).toEqual(fragmentFiles(DEFAULT_VARIANT));
  });

  it("adds the upstream components (without upstream's modules) before project()", () => {
    expect(root.indexOf("nodemcu_upstream_component_dirs(")).toBeLessThan(root.indexOf("project(nodemcu)"));
    expect(read("components/nodemcu-upstream.cmake")).toMatch(/set\(NODEMCU_REPLACED_COMPONENTS modules\)/);
  });
});

describe("our modules component", () => {
  const cmake = read("components/modules/CMakeLists.txt");

  it("compiles upstream's module sources except mqtt.c, plus ours", () => {
    expect(cmake).toContain('file(GLOB upstream_srcs "${upstream_modules}/*.c")');
    expect(cmake).toContain('list(REMOVE_ITEM upstream_srcs "${upstream_modules}/mqtt.c")');
    expect(cmake).toContain('set(module_srcs ${upstream_srcs} "${CMAKE_CURRENT_LIST_DIR}/mqtt.c")');
  });

  it("requires esp-mqtt and keeps upstream's other requirements", () => {
    for (const req of ["mqtt", "lua", "base_nodemcu", "platform", "libsodium", "esp_eth"]) expect(cmake).toContain(`"${req}"`);
    expect(read("components/modules/idf_component.yml")).toMatch(/libsodium: "~1\.0\.20"/);
  });

  it("provides NodeMCU's external-module helpers that upstream's modules component defined", () => {
    const inc = read("components/modules/project_include.cmake");
    expect(inc).toMatch(/function\(extmod_register_conditional cfg\)/);
    expect(inc).toMatch(/function\(extmod_register_unconditional cfg\)/);
  });
});

describe("main/ glue", () => {
  it("is compiled only with CONFIG_ETH_USE_OPENETH and registered only then", () => {
    const c = read("main/qemu_eth.c");
    const body = c.slice(c.indexOf("#if CONFIG_ETH_USE_OPENETH"));
    expect(c.indexOf("#if CONFIG_ETH_USE_OPENETH")).toBeGreaterThan(0);
    expect(c.indexOf("#include \"esp_eth.h\"")).toBeGreaterThan(c.indexOf("#if CONFIG_ETH_USE_OPENETH"));
    expect(body.trimEnd().endsWith("#endif /* CONFIG_ETH_USE_OPENETH */")).toBe(true);
    expect(read("main/CMakeLists.txt")).toMatch(/if\(CONFIG_ETH_USE_OPENETH\)\s+extmod_register_unconditional\(OPENETH\)/);
  });

  it("uses the OpenCores MAC with the DP83848 PHY driver, ~100 ms autonegotiation, DHCP netif", () => {
    const c = read("main/qemu_eth.c");
    expect(c).toContain("esp_eth_mac_new_openeth(&mac_cfg)");
    expect(c).toContain("esp_eth_phy_new_dp83848(&phy_cfg)");
    expect(c).toMatch(/#define QEMU_ETH_AUTONEG_TIMEOUT_MS 100/);
    expect(c).toContain("ESP_NETIF_DEFAULT_ETH()");
    expect(c).toContain("esp_eth_start(eth)");
  });
});

describe("sdkconfig refresh", () => {
  it("drops a variant's sdkconfig only when its fragments changed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "variant-"));
    const sdkconfig = path.join(dir, "sdkconfig");
    expect(refreshSdkconfig(dir, ["A=y"])).toBe(false); // first run, nothing to drop
    writeFileSync(sdkconfig, "CONFIG_FROM_MENUCONFIG=y\n");
    expect(refreshSdkconfig(dir, ["A=y"])).toBe(false); // same fragments: menuconfig edits survive
    expect(existsSync(sdkconfig)).toBe(true);
    expect(refreshSdkconfig(dir, ["A=n"])).toBe(true); // edited fragment: start fresh
    expect(existsSync(sdkconfig)).toBe(false);
    expect(readFileSync(path.join(dir, "fragments.sha256"), "utf8").trim()).toBe(fragmentsHash(["A=n"]));
  });

  it("hashes the split between fragments too", () => {
    expect(fragmentsHash(["ab", "c"])).not.toBe(fragmentsHash(["a", "bc"]));
  });
});
