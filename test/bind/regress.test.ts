// Issue 10: a differential test per fixed binding bug. test/bind/regress/regress.ts
// holds each buggy construct; it must compile (the old compiler emitted C that
// gcc rejected, or hijacked the user's `equals`), build into nodemcu-host with
// -Werror, and behave in Lua 5.1 and 5.3 under ASan+UBSan (regress.lua).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileModule, runsUnderBothLuas } from "./module-harness.ts";

const dir = join(import.meta.dirname, "regress");
let moduleC = "";

beforeAll(() => {
  moduleC = compileModule(dir, "regress");
});

describe("fixed binding bugs", () => {
  it("emits each construct as C that reads right", async () => {
    const { readFileSync } = await import("node:fs");
    const c = readFileSync(moduleC, "utf8");
    expect(c).toMatch(/int default_;/);
    expect(c).toMatch(/self->default_ = /);
    expect(c).not.toMatch(/self->counts = \{/);
    // the array's refs are slots of the class's refs table, which __gc releases in one loop
    expect(c).toMatch(/offsetof\(Box, handlers\[0\]\),\n  offsetof\(Box, handlers\[1\]\),\n  offsetof\(Box, handlers\[2\]\)/);
    expect(c).toMatch(/luaX_unset_ref\(L, \(lua_ref_t \*\)\(\(char \*\)self \+ regress_box_refs\[i\]\)\)/);
    expect(c).toMatch(/lua_pushboolean\(L, equals\(a, b\)\)/);
    expect(c).not.toMatch(/lua_getstate/);
    // sum() reads its number value once per iteration, where the loop first uses it
    expect(c).toMatch(/lua_Number v = lua_tonumber\(L, -1\);\n\s*if \(\(int\)\(int64_t\)v == 100\)/);
    expect(c.match(/lua_tonumber\(L, -1\)/g)?.length).toBe(2);
    // `this` kept in a ref: the userdata already on the stack (a method's argument 1, the constructor's self_index)
    expect(c).toMatch(/luaX_set_ref\(L, 1, &self->me\);/);
    expect(c).toMatch(/luaX_set_ref\(L, self_index, &self->me\);/);
    expect(c).not.toMatch(/luaX_push_weak_ref/);
    // firstNumber()'s three computed returns store the result; one push returns it
    expect(c).toMatch(/result = \(int\)\(int64_t\)\(lua_tonumber\(L, -1\) \* 2\);\n\s*goto push_result;/);
    expect(c).toMatch(/\npush_result:\n  lua_pushinteger\(L, result\);\n  return 1;\n\}/);
  });

  runsUnderBothLuas("runs", dir, "regress", () => moduleC, 16);
});
