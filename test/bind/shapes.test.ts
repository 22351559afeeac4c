// Issue 22: the API shapes NodeMCU's C modules use, written as plain TypeScript. Each
// module of test/bind/shapes compiles without diagnostics, builds with gcc and clang
// -Werror, and its Lua driver passes under ASan+UBSan on Lua 5.1 and 5.3.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDocs } from "../../compiler/docs/generate.ts";
import { readInterface } from "../../compiler/docs/interface.ts";
import { missing } from "../docs/coverage.ts";
import { compileModule, compilesWithBothCompilers, runsUnderBothLuas } from "./module-harness.ts";

/** The module's LuaLS stubs and reference page hold every function with its parameter and result types, and the stubs parse. */
function documents(name: string, expected: RegExp[]): void {
  it(`${name}: stubs and reference page say what it takes and returns`, () => {
    const entry = join(dir, `${name}.ts`);
    const { files, diagnostics } = generateDocs(entry, { luaStubs: "stub.lua", page: "page.md" });
    expect(diagnostics).toEqual([]);
    const stub = files.get("stub.lua")!;
    const page = files.get("page.md")!;
    // a test module has no @example files: every other element must be there
    expect(missing(readInterface(entry).model!, stub, page, () => undefined).filter((g) => !g.endsWith("#### Example"))).toEqual([]);
    for (const re of expected) expect(stub).toMatch(re);
    const file = join(mkdtempSync(join(tmpdir(), "stub-")), "stub.lua");
    writeFileSync(file, stub);
    for (const v of ["5.1", "5.3"]) expect(spawnSync(`luac${v}`, ["-p", file], { encoding: "utf8" }).status).toBe(0);
  });
}

const dir = join(import.meta.dirname, "shapes");

describe("return shapes: nil, several results, a userdata", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "returns");
  });

  it("pushes nil for null and returns the count of results", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/if \(n < 0\) \{\n\s*lua_pushnil\(L\);\n\s*return 1;/);
    expect(c).toMatch(/lua_pushinteger\(L, \(int32_t\)tsc2c_div_int\(a, b\)\);\n\s*lua_pushinteger\(L, tsc2c_mod_int\(a, b\)\);\n\s*return 2;/);
    expect(c).toMatch(/luaX_push_weak_ref\(L, self->self_ref\);\n\s*return 1;/);
  });

  documents("returns", [/---@return string\|nil\nfunction returns\.stars\(n\) end/, /---@return integer\n---@return integer\nfunction returns\.divmod/, /---@return returns\.Counter\nfunction Counter:bump\(\) end/, /---@param c returns\.Counter\|nil\n/]);
  compilesWithBothCompilers("returns.c", () => moduleC);
  runsUnderBothLuas("returns.lua", dir, "returns", () => moduleC, 13);
});

describe("absent arguments: p === undefined, @positional", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "optional");
  });

  it("tests the argument's stack index, and a positional function's table lets no type through", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/if \(arg\[0\] != 0\) \{\n\s*n \+= 1;/);
    // create's cb takes no number from a later parameter: its "later" mask is 0
    expect(c).toMatch(/optional_create_params\[\] = \{\n\s*\{ LUA_TYPE_BIT\(LUA_TFUNCTION\), 0, "function" \}/);
    expect(c).toMatch(/optional_create2_params\[\] = \{\n\s*\{ LUA_TYPE_BIT\(LUA_TFUNCTION\), LUA_TYPE_BIT\(LUA_TNUMBER\), "function" \}/);
  });

  documents("optional", [/---@overload fun\(prio\?: integer\): integer\nfunction optional\.create2/]);
  it("a positional function's stubs list no shape that skips an argument", () => {
    const { files } = generateDocs(join(dir, "optional.ts"), { luaStubs: "stub.lua" });
    expect(files.get("stub.lua")!).not.toMatch(/---@overload fun\(prio\?: integer\): integer\nfunction optional\.create\(/);
  });
  compilesWithBothCompilers("optional.c", () => moduleC);
  runsUnderBothLuas("optional.lua", dir, "optional", () => moduleC, 7);
});

