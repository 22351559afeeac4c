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
import { runHost } from "../../host/runner/build.ts";
import { sanitizerReports } from "../helpers/sanitizer.ts";
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

describe("closures: an arrow function returned as a LuaFunction", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "closures");
  });

  it("is a Lua C function of its own, its captures upvalues: the userdata first, then copies", () => {
    const c = readFileSync(moduleC, "utf8");
    // the counter: made with the object and the step as upvalues ...
    expect(c).toMatch(/int step = check_int\(L, 2\);\n\s*lua_pushvalue\(L, 1\);\n\s*lua_pushinteger\(L, step\);\n\s*lua_pushcclosure\(L, closures_counter_counter_fn, 2\);\n\s*return 1;/);
    // ... and read back from them by the closure, on its own L
    expect(c).toMatch(/static int closures_counter_counter_fn\(lua_State \*L\)\n\{\n\s*Counter \*self = \(Counter \*\)lua_touserdata\(L, lua_upvalueindex\(1\)\);\n\s*int step = \(int\)lua_tointeger\(L, lua_upvalueindex\(2\)\);\n\s*self->k \+= step;\n\s*lua_pushinteger\(L, self->k\);\n\s*return 1;/);
    // a string is kept as the Lua string, a table as the table
    expect(c).toMatch(/label\.ptr = lua_tolstring\(L, lua_upvalueindex\(3\), &label\.len\);/);
    // a module function spells keys()'s closure name: the closure takes another
    expect(c).toMatch(/lua_pushcclosure\(L, closures_keys_fn_, 1\);/);
    expect(c).toMatch(/int t = lua_upvalueindex\(1\);\n\s*int n = 0;\n\s*for \(lua_pushnil\(L\); lua_next\(L, t\) != 0; lua_pop\(L, 1\)\)/);
    // no closure touches the main thread's state
    expect(c).not.toMatch(/lua_getstate/);
  });

  documents("closures", [
    /---@return fun\(\): integer\nfunction Counter:counter\(step\) end/,
    /---@return fun\(n: integer, bonus\?: integer\): integer, string, integer\nfunction Counter:adder/,
    /---@return \(fun\(\): boolean\)\|nil\nfunction Counter:passed/,
    /---@return fun\(x: number, n: integer\): number, string\|nil, boolean\nfunction closures\.scaler/,
    // two arrows of different signatures: a plain function
    /---@return function\nfunction Counter:access\(write\) end/,
  ]);
  compilesWithBothCompilers("closures.c", () => moduleC);
  runsUnderBothLuas("closures.lua", dir, "closures", () => moduleC, 21);
});

describe("a variable number of results: a rest element, a results list returned spread", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "results");
  });

  it("pushes each value where the list is pushed to, and returns what lies above the list's stack top", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/int out = lua_gettop\(L\);/);
    expect(c).toMatch(/luaL_checkstack\(L, 1, "too many results"\);\n\s*lua_pushinteger\(L, \(int\)\(uint8_t\)s\.ptr\[i - 1\]\);/);
    // a value before the list is moved below it
    expect(c).toMatch(/lua_pushinteger\(L, n\);\n\s*lua_insert\(L, out \+ 1\);\n\s*return lua_gettop\(L\) - out;/);
  });

  documents("results", [/---@return integer \.\.\.\n---@return integer\nfunction results\.bytesOf/, /---@return integer\n---@return string\|number \.\.\.\nfunction results\.words/]);
  compilesWithBothCompilers("results.c", () => moduleC);
  runsUnderBothLuas("results.lua", dir, "results", () => moduleC, 13);
});

describe("building a string: LuaBuffer, writable Ptr<uint8>", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "buffer");
  });

  it("maps each method to one luaL_Buffer call on the caller's L and pushes the result once", () => {
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/luaL_Buffer b;\n\s*luaL_buffinit\(L, &b\);/);
    expect(c).toMatch(/luaL_addchar\(&b, \(uint8_t\)digits\.ptr\[/);
    expect(c).toMatch(/luaL_addlstring\(&b, sep\.ptr, sep\.len\);/);
    expect(c).toMatch(/luaL_addlstring\(&b, " x=", 3\);/);
    expect(c).toMatch(/luaL_addstring\(&b, "n="\);\n\s*lua_pushinteger\(L, n\);\n\s*luaL_addvalue\(&b\);/);
    expect(c).toMatch(/lua_pushnumber\(L, x\);\n\s*luaL_addvalue\(&b\);/);
    expect(c).toMatch(/luaL_addlstring\(&b, \(const char \*\)p, \(size_t\)n\);\n\s*free\(p\);\n\s*luaL_pushresult\(&b\);\n\s*return 1;/);
    // the result first of two results, and in a branch of a nil-able one
    expect(c).toMatch(/luaL_pushresult\(&b\);\n\s*lua_pushinteger\(L, \(int\)s\.len \+ 2\);\n\s*return 2;/);
    expect(c).toMatch(/if \(s\.len > 1000\) \{\n\s*lua_pushnil\(L\);\n\s*\} else \{\n\s*luaL_pushresult\(&b\);/);
    // a callback's error object is not left above the pieces
    expect(c).toMatch(/int top = lua_gettop\(L\);\n\s*call_self_int\(L, self->fn, self->self_ref, self->lines\);\n\s*lua_settop\(L, top\);/);
    expect(c).toMatch(/int top = lua_gettop\(L\);\n\s*buffer_log_tell\(L, self, i\);\n\s*lua_settop\(L, top\);/);
    // byte stores: plain, |=, and a += that wraps
    expect(c).toMatch(/p\[i\] = \(uint8_t\)/);
    expect(c).toMatch(/p\[i\] \|= \(uint8_t\)mark;/);
    expect(c).toMatch(/p\[0\] \+= 255;/);
  });

  documents("buffer", [/---@return string\nfunction buffer\.hex\(s\) end/, /---@return string\|nil\nfunction buffer\.upper\(s\) end/, /---@return string\n---@return integer\nfunction buffer\.tagged/]);
  compilesWithBothCompilers("buffer.c", () => moduleC);
  runsUnderBothLuas("buffer.lua", dir, "buffer", () => moduleC, 24);
});

describe("task data: a list of byte strings and a table-shaped payload cross @luaTask from another thread", () => {
  let moduleC = "";
  beforeAll(() => {
    moduleC = compileModule(dir, "taskdata");
  });

  it("measures, allocates once, copies and re-points; frees after the task ran and when the post fails", () => {
    const c = readFileSync(moduleC, "utf8");
    // the post measures the caller's payload, then copies it into the one allocation
    expect(c).toMatch(/size_t at = sizeof\(message_msg\) \+ topic\.len;\n\s*at = task_copy_props\(props, NULL, at\);\n\s*message_msg \*m = \(message_msg \*\)malloc\(at\);/);
    expect(c).toMatch(/m->props = \*props;\n\s*at = sizeof\(message_msg\) \+ topic\.len;\n\s*at = task_copy_props\(&m->props, \(char \*\)m, at\);/);
    expect(c).toMatch(/if \(!task_post_medium\(message_task, \(task_param_t\)m\)\) \{\n\s*free\(m\);/);
    expect(c).toMatch(/message\(L, m->seq, \(tsc2c_bytes\)\{ m->data, m->topic_len \}, &m->props\);\n\s*free\(m\);/);
    // a list's elements, then what each element views
    expect(c).toMatch(/static size_t task_copy_list_user_property\(tsc2c_list \*v, char \*to, size_t at\)\n\{\n\s*at = \(at \+ 7u\) & ~\(size_t\)7u;/);
    expect(c).toMatch(/at = task_copy_user_property\(&\(\(UserProperty \*\)v->ptr\)\[i\], to, at\);/);
    // one allocation per post, whatever the payload holds; a parameter called `at` keeps the post's own local apart
    expect(c.match(/malloc\(/g)).toHaveLength(c.match(/^static bool \w+_post\(.*\)$/gm)!.length);
    expect(c).toMatch(/static bool counts_post\(int seq, tsc2c_list values, Point \*at\)\n\{\n\s*size_t at_ = sizeof\(counts_msg\);/);
  });

  documents("taskdata", [/---@return string\[\]\nfunction taskdata\.words\(n\) end/, /---@field user_properties taskdata\.UserProperty\[\]\n/, /---@return integer\[\]\nfunction taskdata\.evens/]);
  compilesWithBothCompilers("taskdata.c", () => moduleC);
  runsUnderBothLuas("taskdata.lua", dir, "taskdata", () => moduleC, 12);

  for (const lua of ["5.1", "5.3"] as const) {
    it(`a full queue: each failed post frees its copy, logs and counts it (Lua ${lua}, ASan+UBSan+LSan)`, async () => {
      const r = await runHost({ script: join(dir, "taskdata-drop.lua"), lua, mqtt: false, with: [moduleC], timeout: 30, sanitize: true, env: { NODEMCU_HOST_TASK_QUEUE_LEN: "2" } });
      expect(sanitizerReports(r.stderr), r.stderr).toEqual([]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split("\n")).toEqual(["posted 2", "received list 1", "received message 1"]);
      // names and message each count their own drops, one log line per drop
      for (const task of ["names", "message"]) {
        const drops = [...r.stderr.matchAll(new RegExp(`${task}: Lua task queue full, event dropped \\((\\d+) so far\\)`, "g"))].map((m) => Number(m[1]));
        expect(drops).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
      }
    }, 300_000);
  }
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
