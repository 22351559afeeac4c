// Issue 21: a module per binding defect fixed (test/bind/regress/<name>.ts and .lua). Each
// compiled without diagnostics, builds with gcc and clang -Werror (char unsigned, as on the
// ESP32) and runs its checks under ASan+UBSan in nodemcu-host with Lua 5.1 and 5.3.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileModule, compilesWithBothCompilers, runsUnderBothLuas } from "./module-harness.ts";

const dir = join(import.meta.dirname, "regress");

/** name, number of checks its .lua prints, and what its C must read like */
const modules: { name: string; checks: number; c: (c: string) => void }[] = [
  {
    // bytesFrom() over malloc'd memory: read (and pushed to Lua by callLua) before free()
    name: "lifetime", checks: 7,
    c: (c) => expect(c).toMatch(/tsc2c_bytes doubled = \(tsc2c_bytes\)\{ \(char \*\)out, n \};[^]*luaL_pcallx[^]*free\(out\);/),
  },
  {
    // addr() of a LuaString byte is &s.ptr[i] (a const char *), not &(uint8_t)s.ptr[i]
    name: "addresses", checks: 5,
    c: (c) => {
      expect(c).toContain("memcpy(&self->buf[0], &s.ptr[from], (size_t)k);");
      expect(c).toContain("read(&self->pair.lo)");
      expect(c).toContain("return sum(p) * 2;");
    },
  },
  {
    // a struct field initialiser is a compound literal
    name: "fieldinit", checks: 3,
    c: (c) => expect(c).toContain("self->slot = (Slot){ .default_ = 7, .char_ = 8, .size = 0 };"),
  },
  {
    // the binding's own C names step aside for the user's
    name: "names", checks: 9,
    c: (c) => {
      expect(c).toMatch(/int self_index = check_int\(L, 1\);[^]*int self_index_ = lua_gettop\(L\);/);
      expect(c).toMatch(/int arg = check_int\(L, 1\);\n\s*int arg_\[2\];/);
      expect(c).toMatch(/Thing \*self_ = names_thing_checkudata\(L\);\n\s*int self = check_int\(L, 2\);/);
    },
  },
];

for (const m of modules) {
  describe(`regress module ${m.name}`, () => {
    let moduleC = "";
    beforeAll(() => {
      moduleC = compileModule(dir, m.name);
    });
    it("emits the construct as C that reads right", () => m.c(readFileSync(moduleC, "utf8")));
    compilesWithBothCompilers("compiles", () => moduleC);
    runsUnderBothLuas("runs", dir, m.name, () => moduleC, m.checks);
  });
}

describe("TSC2C3002 names the type and says what a Lua function returns", () => {
  it("a Ptr return, and a LuaRef (a LuaFunction is pushed as the same function)", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { compile } = await import("../../compiler/compile.ts");
    const file = join(mkdtempSync(join(tmpdir(), "ret-")), "m.ts");
    writeFileSync(file, "/** @luaModule m */\nexport function f(p: int): Ptr<int> {\n  return addr(p);\n}\n"
      + "export function g(fn: LuaFunction): LuaFunction {\n  return fn;\n}\n"
      + "/** @userdata m.o */\nexport class O {\n  r: LuaRef = LUA_NOREF;\n  get(): LuaRef {\n    return this.r;\n  }\n}\n");
    const r = compile(file);
    // a LuaFunction argument returned is pushed as the same function (an arrow function would be a C closure)
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      "2:28 3002 'Ptr<int>' cannot be pushed to Lua: a Lua function returns numbers, integers, bools, strings (LuaString, cstring), userdata of this module, tables (interfaces, FixedArrays) or Lua values (LuaValue, LuaFunction, LuaTable), each possibly | null, or nothing",
      "11:10 3002 'LuaRef' cannot be pushed to Lua: declare the return type LuaValue (or LuaFunction) to push the value a ref holds",
    ]);
  });
});
