// What the firmware docs and config comments claim about who reads a setting and
// why it is set, checked against the files that decide it (issue 24, items 3, 8).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../docker/lib/host-context.ts";

const read = (f: string) => readFileSync(path.join(REPO_ROOT, f), "utf8");

describe("claims about the firmware configuration", () => {
  it("CONFIG_MQTT_PROTOCOL_311 is esp-mqtt's alone: the module neither reads it nor sets a protocol version", () => {
    for (const f of ["module-src/mqtt.ts", "components/modules/mqtt.c"]) {
      expect(read(f), f).not.toMatch(/MQTT_PROTOCOL_311|protocol_ver/);
    }
    const doc = read("docs/firmware.md").replace(/\s+/g, " ");
    expect(doc).toContain("`CONFIG_MQTT_PROTOCOL_311` is read by ESP-MQTT only");
    expect(doc).not.toMatch(/PROTOCOL_311` is read by ESP-MQTT itself \([^)]*\) and by our module/);
  });

  it("the QEMU profile's software crypto gives IDF's own QEMU MQTT test as its reason, not a missing SHA model", () => {
    const fragment = read("firmware-config/profile-qemu.defaults");
    expect(fragment).not.toMatch(/does not emulate the AES\/SHA/);
    expect(fragment).toContain("tools/test_apps/protocols/mqtt/publish_connect_test/sdkconfig.qemu");
    // That file of ESP-IDF v5.1.3 sets exactly these three to n.
    for (const opt of ["AES", "SHA", "MPI"]) expect(fragment).toContain(`# CONFIG_MBEDTLS_HARDWARE_${opt} is not set`);
  });
});
