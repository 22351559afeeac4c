// sdkconfig fragments: the list each variant is built from, and what the merged
// configuration says (merged the way ESP-IDF applies SDKCONFIG_DEFAULTS: in
// order, later files win).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";
import { NODEMCU_DIR } from "../../docker/lib/pins.ts";
import { fragmentFiles, mergeFragments, parseFragment } from "../../docker/lib/sdkconfig.ts";
import type { Variant } from "../../docker/lib/variant.ts";

// The few lines of NodeMCU's own sdkconfig.defaults that ours must override or
// keep (facts from the reference notes; the file itself is only fetched at
// build time, so it is not in this repository).
const UPSTREAM_DEFAULTS_FACTS = [
  "CONFIG_ESPTOOLPY_FLASHSIZE_4MB=y",
  "CONFIG_PARTITION_TABLE_CUSTOM=y",
  'CONFIG_PARTITION_TABLE_CUSTOM_FILENAME="components/platform/partitions.csv"',
  "CONFIG_MQTT_TRANSPORT_SSL=n",
  "CONFIG_MQTT_TRANSPORT_WEBSOCKET=n",
].join("\n");

function merged(v: Variant): Map<string, string> {
  const texts = fragmentFiles(v).map((f) =>
    f.startsWith(NODEMCU_DIR) ? UPSTREAM_DEFAULTS_FACTS : readFileSync(path.join(REPO_ROOT, f), "utf8"),
  );
  return mergeFragments(texts);
}

const all: Variant[] = [];
for (const lua of ["5.1", "5.3"] as const)
  for (const profile of ["device", "qemu"] as const)
    for (const protocol of ["311", "31"] as const)
      for (const app of ["firmware", "unity"] as const) all.push({ lua, profile, protocol, app });

describe("fragment parsing and merging", () => {
  it("reads y/n/strings and `is not set`, ignores comments", () => {
    const m = parseFragment('# a comment\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="x y"\nCONFIG_D=42\n\n');
    expect([...m]).toEqual([
      ["CONFIG_A", "y"],
      ["CONFIG_B", "n"],
      ["CONFIG_C", '"x y"'],
      ["CONFIG_D", "42"],
    ]);
  });

  it("lets a later fragment override an earlier one", () => {
    const m = mergeFragments(["CONFIG_A=y\nCONFIG_B=y", "# CONFIG_A is not set", "CONFIG_C=1"]);
    expect(Object.fromEntries(m)).toEqual({ CONFIG_A: "n", CONFIG_B: "y", CONFIG_C: "1" });
  });
});

describe("fragment lists", () => {
  it("start with NodeMCU's own defaults and name only files that exist here", () => {
    for (const v of all) {
      const files = fragmentFiles(v);
      expect(files[0]).toBe(`${NODEMCU_DIR}/sdkconfig.defaults`);
      for (const f of files.slice(1)) expect(existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
    }
  });

  it("are the order documented: upstream, common, app, lua, profile, protocol", () => {
    expect(fragmentFiles({ lua: "5.1", profile: "qemu", protocol: "31", app: "unity" })).toEqual([
      ".cache/nodemcu-firmware/sdkconfig.defaults",
      "firmware-config/common.defaults",
      "test/target/sdkconfig.unity.defaults",
      "firmware-config/lua-5.1.defaults",
      "firmware-config/profile-qemu.defaults",
      "firmware-config/mqtt-31.defaults",
    ]);
  });
});

describe("merged configuration", () => {
  it("always has our mqtt module, esp-mqtt's SSL transport (over upstream's n) and 4 MB flash", () => {
    for (const v of all) {
      const m = merged(v);
      expect(m.get("CONFIG_NODEMCU_CMODULE_MQTT")).toBe("y");
      expect(m.get("CONFIG_MQTT_TRANSPORT_SSL")).toBe("y");
      expect(m.get("CONFIG_ESPTOOLPY_FLASHSIZE_4MB")).toBe("y");
      // issue 26: without it esp-mqtt drops expired publishes silently and their callbacks never fire
      expect(m.get("CONFIG_MQTT_REPORT_DELETED_MESSAGES")).toBe("y");
    }
  });

  it("profile qemu: OpenCores Ethernet, no hardware crypto, DOUT flash, no wifi module", () => {
    for (const v of all.filter((x) => x.profile === "qemu")) {
      const m = merged(v);
      expect(m.get("CONFIG_ETH_USE_OPENETH")).toBe("y");
      expect(m.get("CONFIG_MBEDTLS_HARDWARE_AES")).toBe("n");
      expect(m.get("CONFIG_MBEDTLS_HARDWARE_SHA")).toBe("n");
      expect(m.get("CONFIG_MBEDTLS_HARDWARE_MPI")).toBe("n");
      expect(m.get("CONFIG_ESPTOOLPY_FLASHMODE_DOUT")).toBe("y");
      expect(m.get("CONFIG_NODEMCU_CMODULE_WIFI")).toBe("n");
      // esp_eth_phy_new_dp83848 (main/qemu_eth.c) is built only with the EMAC support.
      expect(m.get("CONFIG_ETH_USE_ESP32_EMAC")).toBe("y");
      // ESP-IDF's info lines would land after the Lua prompt.
      expect(m.get("CONFIG_LOG_DEFAULT_LEVEL_WARN")).toBe("y");
    }
  });

  it("profile device: none of the QEMU settings", () => {
    for (const v of all.filter((x) => x.profile === "device")) {
      const m = merged(v);
      expect(m.get("CONFIG_ETH_USE_OPENETH")).toBe("n");
      expect(m.has("CONFIG_MBEDTLS_HARDWARE_AES")).toBe(false);
      expect(m.has("CONFIG_ESPTOOLPY_FLASHMODE_DOUT")).toBe(false);
      expect(m.has("CONFIG_NODEMCU_CMODULE_WIFI")).toBe(false);
      expect(m.has("CONFIG_LOG_DEFAULT_LEVEL_WARN")).toBe(false);
    }
  });

  it("selects exactly one Lua version", () => {
    for (const v of all) {
      const m = merged(v);
      const want51 = v.lua === "5.1";
      expect(m.get("CONFIG_LUA_VERSION_51")).toBe(want51 ? "y" : "n");
      expect(m.get("CONFIG_LUA_VERSION_53")).toBe(want51 ? "n" : "y");
    }
  });

  it("switches ESP-MQTT's 'Enable MQTT protocol 3.1.1' with --protocol", () => {
    for (const v of all) expect(merged(v).get("CONFIG_MQTT_PROTOCOL_311")).toBe(v.protocol === "311" ? "y" : "n");
  });

  it("points the partition table at ours (firmware-config/partitions.csv), relative to each app's project root", () => {
    const fw = merged({ lua: "5.3", profile: "device", protocol: "311", app: "firmware" });
    const unity = merged({ lua: "5.3", profile: "qemu", protocol: "311", app: "unity" });
    expect(fw.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")).toBe(`"firmware-config/partitions.csv"`);
    expect(unity.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")).toBe(`"../../firmware-config/partitions.csv"`);
    // Both name the same file, and it exists.
    const resolve = (root: string, v: string) => path.resolve(REPO_ROOT, root, JSON.parse(v) as string);
    const file = resolve(".", fw.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")!);
    expect(resolve("test/target", unity.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")!)).toBe(file);
    expect(existsSync(file)).toBe(true);
  });

});
