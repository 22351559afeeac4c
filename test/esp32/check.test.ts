// The ESP32 object checker must be able to fail: real objects built from small
// fixtures, one clean and one wrong per rule (an unknown symbol, a symbol of
// the other Lua version, call0-ABI code without `entry`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../host/runner/build.ts";
import { checkObject, functionBodies } from "./check.ts";
import { ESP32_FEATURES, buildEsp32Object } from "./object.ts";
import { definitionLine } from "./verify-provided.ts";

const FIXTURES = join(REPO_ROOT, "test/esp32/fixtures");
const scratch = mkdtempSync(join(tmpdir(), "esp32-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const build = (fixture: string, lua: "5.1" | "5.3", features?: string[]) =>
  buildEsp32Object(join(FIXTURES, fixture), { lua, workDir: join(scratch, `${fixture}-${lua}-${features ? "call0" : "win"}`), features });

describe("ESP32 object checker", () => {
  it("accepts a module that needs only what the firmware provides", () => {
    for (const lua of ["5.1", "5.3"] as const) {
      const obj = build("clean.c", lua);
      expect(obj.functions).toEqual(["length", "luaopen_fixture"]);
      expect(obj.undefinedSymbols).toContain("strlen");
      expect(checkObject(obj, lua)).toEqual([]);
    }
  });

  it("rejects an undefined symbol nothing in the firmware defines", () => {
    const problems = checkObject(build("unknown-symbol.c", "5.3"), "5.3");
    expect(problems).toEqual([
      "undefined symbol 'nodemcu_no_such_function' is provided by neither NodeMCU dev-esp32 nor ESP-IDF v5.1.3 / esp-mqtt",
    ]);
  });

  it("rejects a Lua API symbol of the other Lua version", () => {
    expect(checkObject(build("lua51-only.c", "5.1"), "5.1")).toEqual([]);
    const problems = checkObject(build("lua51-only.c", "5.3"), "5.3");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/'luaL_typerror' .* under Lua 5\.3 \(only under Lua 5\.1\)/);
  });

  it("rejects code built for the call0 ABI (no windowed 'entry')", () => {
    const obj = build("clean.c", "5.3", ESP32_FEATURES.filter((f) => f !== "windowed"));
    expect(obj.disassembly).not.toMatch(/\bentry\b/);
    const problems = checkObject(obj, "5.3");
    expect(problems).toContainEqual(expect.stringMatching(/^length: starts with '.*', not the windowed ABI's 'entry'$/));
    expect(problems).toContainEqual(expect.stringMatching(/^luaopen_fixture: call0-ABI instructions .*ret/));
  });

  it("reads function bodies from llvm-objdump's output, skipping section labels", () => {
    const dump = [
      "Disassembly of section .literal.f:", "", "00000000 <.literal.f>:", "\t\t...", "",
      "Disassembly of section .text.f:", "", "00000000 <f>:",
      "       0: 36 41 00     \tentry\ta1, 32", "       3: 1d f0        \tretw.n",
    ].join("\n");
    expect([...functionBodies(dump)]).toEqual([["f", ["entry", "retw.n"]]]);
  });
});

describe("verify-provided's definition finder", () => {
  const src = [
    "lua_State* lua_getstate(void);",            // a declaration
    "static void g(void) { lua_getstate(); }",   // a call
    "LUA_API int (lua_gettop) (lua_State *L) {", // NodeMCU's parenthesised style
    "  return 0;", "}",
    "int esp_mqtt_client_subscribe_multiple(void *client,",
    "                                      int n)", "{", "}",
  ].join("\n");
  it("finds definitions, not declarations or calls", () => {
    expect(definitionLine(src, "lua_getstate", false)).toBe(0);
    expect(definitionLine(src, "lua_gettop", false)).toBe(3);
    expect(definitionLine(src, "esp_mqtt_client_subscribe_multiple", false)).toBe(6);
    expect(definitionLine("PROVIDE ( free = 0x4000beb8 );\nmemcpy = 0x4000c2c8;\n", "memcpy", true)).toBe(2);
    expect(definitionLine("/* memcpy = 0x1 is not here */\n", "memcpy", true)).toBe(0);
  });
});
