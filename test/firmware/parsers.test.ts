// Parsers used by test:qemu on the serial output and the broker log.
import { describe, expect, it } from "vitest";
import { clientProtocolLevels, protocolLevel } from "../../docker/lib/broker-log.ts";
import { parseUnitySummary, unityVerdict } from "../../docker/lib/unity-summary.ts";

describe("Unity summary", () => {
  it("reads counts and the failing tests", () => {
    const s = parseUnitySummary([
      "/project/test/target/components/mqtt_unity/test_mqtt_module.c:57:test_module_is_registered:PASS",
      "/project/test/target/components/mqtt_unity/test_mqtt_module.c:80:test_publish_requires_topic:FAIL: Expected Not-Equal",
      "/project/test/target/components/mqtt_unity/test_mqtt_module.c:90:test_build_has_mqtt_and_tls:FAIL",
      "/project/test/target/components/mqtt_unity/test_mqtt_module.c:95:test_x:IGNORE",
      "",
      "-----------------------",
      "4 Tests 2 Failures 1 Ignored \r",
      "FAIL",
    ]);
    expect(s).toEqual({
      tests: 4,
      failures: 2,
      ignored: 1,
      failed: ["test_publish_requires_topic: Expected Not-Equal", "test_build_has_mqtt_and_tls"],
    });
  });

  it("accepts Unity's singular forms and takes the last report", () => {
    expect(parseUnitySummary(["1 Test 0 Failures 0 Ignored", "3 Tests 0 Failures 0 Ignored"])).toMatchObject({ tests: 3 });
    expect(parseUnitySummary(["1 Test 1 Failure 0 Ignored"])).toMatchObject({ tests: 1, failures: 1 });
  });

  it("is null before the summary arrives, and ignores look-alikes", () => {
    expect(parseUnitySummary(["x.c:1:test_a:PASS"])).toBeNull();
    expect(parseUnitySummary(['> print("3 Tests 0 Failures 0 Ignored")'])).toBeNull();
  });

  it("passes only when tests ran, none failed and none was skipped", () => {
    expect(unityVerdict({ tests: 12, failures: 0, ignored: 0, failed: [] })).toEqual({ ok: true, why: "12 tests passed" });
    expect(unityVerdict({ tests: 0, failures: 0, ignored: 0, failed: [] }).ok).toBe(false);
    expect(unityVerdict({ tests: 3, failures: 1, ignored: 0, failed: ["t: m"] })).toEqual({
      ok: false,
      why: "1 of 3 failed: t: m",
    });
    expect(unityVerdict({ tests: 3, failures: 0, ignored: 1, failed: [] }).ok).toBe(false);
  });
});

describe("broker log protocol levels", () => {
  it("collects the level of each client's connections", () => {
    const log = [
      "1795572019: New connection from 10.0.2.15:50000 on port 1883.",
      "1795572019: New client connected from 10.0.2.15:50000 as qemu-a (p2, c1, k60).",
      "1795572020: New client connected from 10.0.2.15:50001 as qemu-l (p1, c1, k60, u'x').",
      "1795572021: New client connected from 10.0.2.15:50002 as qemu-l (p2, c1, k60).",
      "1795572022: Client qemu-a disconnected.",
    ].join("\n");
    expect([...clientProtocolLevels(log)]).toEqual([
      ["qemu-a", [2]],
      ["qemu-l", [1, 2]],
    ]);
  });

  it("maps --protocol to Mosquitto's level numbers", () => {
    expect(protocolLevel("311")).toBe(2);
    expect(protocolLevel("31")).toBe(1);
  });
});
