// The size policies (compiler/bind/policies.ts) change how much C is written,
// never what it does: each one is live on mqtt.c (turning it off changes the
// C), and mqtt.c with every policy off runs the same scenarios against a real
// broker, under ASan+UBSan, and prints the same as the shipped one.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { SIZE_POLICIES, type SizePolicyId } from "../../compiler/bind/policies.ts";
import { REPO_ROOT } from "../../host/runner/build.ts";
import { startBroker, type Broker } from "../helpers/broker.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
import { LUA_VERSIONS, prebuild, run, show, unique } from "../mqtt/helpers.ts";

const source = join(REPO_ROOT, "module-src/mqtt.ts");
const ids = Object.keys(SIZE_POLICIES) as SizePolicyId[];

function mqttC(disabledPolicies: SizePolicyId[], outFile: string): string {
  const r = compile(source, { outFile, disabledPolicies });
  expect(r.diagnostics).toEqual([]);
  return r.c!;
}

describe("size policies", () => {
  const shipped = join(REPO_ROOT, "components/modules/mqtt.c");

  it("compile() with every policy on writes components/modules/mqtt.c as it is checked in", () => {
    expect(mqttC([], shipped)).toBe(readFileSync(shipped, "utf8"));
  });

  it.each(ids)("%s applies to mqtt.c: turned off, the C changes", (id) => {
    expect(mqttC([id], shipped)).not.toBe(readFileSync(shipped, "utf8"));
  });
});

describe("mqtt.c with every size policy off", () => {
  let broker: Broker;
  let allOff: string;

  beforeAll(async () => {
    allOff = join(mkdtempSync(join(tmpdir(), "policies-off-")), "mqtt.c");
    writeFileSync(allOff, mqttC(ids, allOff));
    broker = await startBroker();
    await Promise.all(LUA_VERSIONS.flatMap((lua) => [prebuild(lua, { sanitize: true }), prebuild(lua, { sanitize: true, mqttModule: allOff })]));
  }, 600_000);

  afterAll(async () => {
    await broker?.stop();
  });

  // argument errors (parse_args, the userdata check), callbacks of every shape, refs and their release, replace and close
  const scenarios = ["args", "on", "closeonce", "replace", "refs", "subtable", "qos0cb"];

  describe.each(LUA_VERSIONS)("Lua %s", (lua) => {
    it.each(scenarios)("%s prints what the shipped module prints (ASan+UBSan)", async (name) => {
      const runWith = async (mqttModule?: string) => {
        const prefix = unique(`policies-${name}`, lua);
        const r = await run(lua, name, [broker.host, broker.port, prefix], { sanitize: true, timeout: 60, ...(mqttModule ? { mqttModule } : {}) });
        expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
        expect(r.code, show(r)).toBe(0);
        return r.lines.map((l) => l.split(prefix).join("<prefix>"));
      };
      const [shipped, off] = await Promise.all([runWith(), runWith(allOff)]);
      expect(off.length).toBeGreaterThan(0);
      expect(off).toEqual(shipped);
    }, 120_000);
  });
});
