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
import { runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";

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

describe("tables out: interfaces, nested tables, FixedArray sequences", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "tables");
  });

  it("builds each table shape in one helper, called from returns and callbacks", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/static void push_table_info\(lua_State \*L, const Info \*v\)\n\{\n\s*lua_createtable\(L, 0, 4\);\n\s*lua_pushinteger\(L, v->n\);\n\s*lua_setfield\(L, -2, "n"\);/);
    // a nested table is its helper's call; a deep one checks for stack room first
    expect(c).toMatch(/static void push_table_shape\(lua_State \*L, const Shape \*v\)\n\{\n\s*luaL_checkstack\(L, 4, "nested tables"\);/);
    expect(c).toMatch(/push_table_point\(L, &v->origin\);\n\s*lua_setfield\(L, -2, "origin"\);/);
    expect(c).toMatch(/lua_createtable\(L, n, 0\);\n\s*for \(int i = 0; i < n; i \+= 1\) \{\n\s*push_table_point\(L, &v\[i\]\);\n\s*lua_rawseti\(L, -2, i \+ 1\);/);
    // a literal goes through a temporary, a field is read where it is
    expect(c).toMatch(/Info pushed = \{ [^\n]*\};\n\s*push_table_info\(L, &pushed\);/);
    expect(c).toMatch(/push_table_point\(L, &self->last\);\n\s*return 1;/);
    expect(c).toMatch(/push_table_point\(L, &p\);\n\s*push_seq_int\(L, self->seen, 2\);\n\s*luaL_pcallx\(L, 3, 0\);/);
    // a plain function's struct parameter is a pointer already
    expect(c).toMatch(/push_table_point\(L, p\);\n\s*luaL_pcallx\(L, 2, 0\);/);
  });

  documents("tables", [
    /---@return tables\.Info\nfunction tables\.info\(s\) end/,
    /---@class tables\.Shape\n---@field label string\n---@field origin tables\.Point\n---@field corners tables\.Point\[\]\n---@field weights integer\[\]\n---@field flags boolean\[\]\n/,
    /---@return integer\[\]\nfunction tables\.squares/,
    /---@return tables\.Point\|nil\n---@return integer\nfunction tables\.split/,
  ]);
  compilesWithBothCompilers("tables.c", () => moduleC);
  runsUnderBothLuas("tables.lua", dir, "tables", () => moduleC, 20);
});

describe("any Lua value: varargs, LuaValue parameters, fields and callback results", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "values");
  });

  it("counts the varargs once, reads them by index, keeps values in refs and pops callback results", () => {
    const c = readFileSync(moduleC, "utf8");
    // the count is taken after the fixed argument was checked; an element past the last is 0 (nil)
    expect(c).toMatch(/int scale = check_int\(L, 1\);\n\s*int args_n = lua_gettop\(L\) - 1;/);
    expect(c).toMatch(/int v = vararg_index\(2, args_n, i\);\n\s*if \(value_type\(L, v\) == LUA_TNUMBER\) \{\n\s*total \+= lua_tonumber\(L, v\) \* scale;/);
    // a union before the varargs is a row of parse_args()'s table; the varargs are none
    expect(c).toMatch(/parse_args\(L, 1, values_tagged_params, 1, arg\);/);
    // a required LuaValue argument is checked present and read at its index
    expect(c).toMatch(/luaL_checkany\(L, 1\);\n\s*lua_pushvalue\(L, 1\);\n\s*return 1;/);
    // a field: a registry ref, pushed back from the registry
    expect(c).toMatch(/lua_rawgeti\(L, LUA_REGISTRYINDEX, self->keep\);\n\s*return 1;/);
    expect(c).toMatch(/opt_ref\(L, vararg_index\(3, args_n, i - 1\), &self->keep\);/);
    // a callback's result: one slot, popped at the end of its block and before a jump out of it
    expect(c).toMatch(/call_result\(L, 2\);\n\s*\} else \{\n\s*lua_pushnil\(L\);\n\s*\}\n\s*int r = lua_gettop\(L\);/);
    expect(c).toMatch(/if \(value_type\(L, r\) == LUA_TNIL\) \{\n\s*lua_pop\(L, 1\);\n\s*continue;/);
    expect(c).toMatch(/int result = \(int\)\(int64_t\)lua_tonumber\(L, a\);\n\s*lua_pop\(L, 1\);\n\s*return result;/);
  });

  documents("values", [
    /---@param scale integer what each number is multiplied by\n---@param \.\.\. any the values to add up\n---@return number\nfunction values\.sum\(scale, \.\.\.\) end/,
    /---@param v any\n---@return any\nfunction values\.same\(v\) end/,
    /---@return function\nfunction values\.fn\(f\) end/,
    /---@return any\nfunction Box:get\(\) end/,
    /---@return any\n---@return integer\nfunction values\.head\(\.\.\.\) end/,
  ]);
  it("values: the reference page shows the varargs", () => {
    const { files } = generateDocs(join(dir, "values.ts"), { page: "page.md" });
    expect(files.get("page.md")!).toContain("`values.sum(scale, ...)`");
    expect(files.get("page.md")!).toContain("- `...` (`any`, any number) the values to add up");
  });
  compilesWithBothCompilers("values.c", () => moduleC);
  runsUnderBothLuas("values.lua", dir, "values", () => moduleC, 35);
  for (const lua of ["5.1", "5.3"] as const) {
    it(`an error in a callback whose result is kept: reported, read as nil (Lua ${lua}, ASan+UBSan)`, async () => {
      const r = await runHost({ script: join(dir, "values-error.lua"), lua, mqtt: false, with: [moduleC], timeout: 30, sanitize: true });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      // nodemcu-host exits 1 after a callback error it reported
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout.trim().split("\n")).toEqual(["ask: nil", "poke: 0", "after: true"]);
      expect(r.stderr.match(/values-error\.lua:5: boom\nstack traceback:/g)?.length, r.stderr).toBe(2);
    }, 300_000);
  }
});
