// The real target in every test run: components/modules/mqtt.c and the example
// module (module-src/examples/emitter.ts through tsc2c) built into ESP32
// objects (Xtensa LX6, windowed ABI) under Lua 5.1 and 5.3, and judged as the
// firmware's link would take them. Needs clang-22, llvm-22 and libnewlib-dev
// (.ci/run installs them); without them this fails, it does not skip.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/compile.ts";
import { REPO_ROOT } from "../../host/runner/build.ts";
import { checkObject } from "./check.ts";
import { buildEsp32Object, missingTools } from "./object.ts";

const scratch = mkdtempSync(join(tmpdir(), "esp32-module-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MQTT_C = join(REPO_ROOT, "components/modules/mqtt.c");
const EMITTER_C = join(scratch, "emitter.c");

beforeAll(() => {
  expect(missingTools(), "the ESP32 toolchain: apt-get install clang-22 llvm-22 libnewlib-dev").toEqual([]);
  const r = compile(join(REPO_ROOT, "module-src/examples/emitter.ts"), { outFile: EMITTER_C });
  expect(r.c, "emitter.ts compiles").toBeDefined();
  writeFileSync(EMITTER_C, r.c!);
});

const MODULES = [
  { name: "mqtt.c", file: () => MQTT_C, cfg: "MQTT", open: "luaopen_mqtt", needs: ["esp_mqtt_client_init", "task_post", "luaL_checkudata"] },
  { name: "emitter (tsc2c)", file: () => EMITTER_C, cfg: "EMITTER", open: undefined, needs: ["pthread_create", "task_post", "luaL_checkudata"] },
];

describe.each(MODULES)("$name as an ESP32 object", ({ name, file, cfg, open, needs }) => {
  it.each(["5.1", "5.3"] as const)("Lua %s: windowed ABI, every undefined symbol provided by the firmware", (lua) => {
    const obj = buildEsp32Object(file(), { lua, workDir: join(scratch, `${cfg}-${lua}`) });
    expect(checkObject(obj, lua), `${name} under Lua ${lua}`).toEqual([]);
    // It really is the module: its functions and its calls into the platform.
    expect(obj.functions.length).toBeGreaterThan(5);
    if (open) expect(obj.functions).toContain(open);
    for (const s of needs) expect(obj.undefinedSymbols).toContain(s);
    // Registered the firmware's way (host/include/module.h on Xtensa), not through the host's constructor.
    expect(obj.undefinedSymbols).not.toContain("host_module_register");
    expect(obj.disassembly).not.toMatch(/host_module_ctor/);
    expect(obj.text).toBeGreaterThan(1000);
  });
});
