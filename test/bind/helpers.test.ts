// The binding's C helpers (compiler/bind/helpers.ts) are C AST with declared needs:
// each helper comes after what it needs, every definition once, with its Lua stack
// effect in its comment, and each one alone (with its needs) builds with -Werror.
// The printer writes `define` nodes and refuses a `macro` node that is not one
// macro invocation line (definitions are nodes of their own).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin, id, int, type CTopLevel } from "../../compiler/cast/ast.ts";
import { helperNames, helperNeeds, useArgHelpers, type HelperName } from "../../compiler/bind/helpers.ts";
import { DiagnosticBag } from "../../compiler/diagnostics/diagnostic.ts";
import { LowerContext } from "../../compiler/lower/context.ts";
import { printFile } from "../../compiler/print/printer.ts";
import { buildHost } from "../../host/runner/build.ts";
import { repoRoot, run, strictFlags } from "../compiler/helpers.ts";

const fixed = helperNames().filter((n) => n !== "tsc2c_bytes") as HelperName[];

/** The C file of what using these helpers, in this order, emits. */
function emitted(...names: HelperName[]): { ctx: LowerContext; c: string } {
  const ctx = new LowerContext(new DiagnosticBag(), []);
  for (const n of names) useArgHelpers(ctx, n, "test");
  const items: CTopLevel[] = [...[...ctx.includes].sort().map((header): CTopLevel => ({ kind: "include", header }))];
  for (const h of ctx.helpers.values()) items.push({ kind: "blank" }, ...h);
  return { ctx, c: printFile({ headerComment: [], items }, { lineDirectives: false }) };
}

/** Where a helper is defined in the C: a function's head, a #define, a typedef's end. */
const definitions = (c: string, name: string): number[] =>
  [...c.matchAll(new RegExp(`^(?:[^\\n]*\\b${name}\\([^)\\n]*\\)\\n\\{|#define ${name}\\b|\\} ${name};)`, "gm"))].map((m) => m.index);

const work = mkdtempSync(join(tmpdir(), "tsc2c-helpers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("binding helpers", () => {
  it("declares needs that are helpers too", () => {
    expect(fixed.length).toBeGreaterThan(10);
    for (const n of fixed) for (const need of helperNeeds(n)) expect([...fixed, "tsc2c_bytes"]).toContain(need);
  });

  for (const name of fixed) {
    it(`${name}: after what it needs, each defined once, its stack effect in its comment`, () => {
      // asked for first, then its needs and itself again
      const needs = helperNeeds(name).filter((n) => n !== "tsc2c_bytes") as HelperName[];
      const { ctx, c } = emitted(name, ...needs, name);
      const at = definitions(c, name);
      expect(at, c).toHaveLength(1);
      for (const need of helperNeeds(name)) {
        const needAt = need === "tsc2c_bytes" ? [...c.matchAll(/^\} tsc2c_bytes;|^typedef struct tsc2c_bytes tsc2c_bytes;/gm)].map((m) => m.index) : definitions(c, need);
        expect(needAt, `${need} in\n${c}`).toHaveLength(1);
        expect(needAt[0]!, `${need} before ${name}`).toBeLessThan(at[0]!);
      }
      // the comment right above the definition ends with the Lua stack effect, for those that touch Lua
      // (pops counted by a parameter as the Lua manual writes them: call_result pops the function and its n arguments)
      const comment = c.slice(0, at[0]).trimEnd().split("\n").reverse();
      expect(comment[0]).toMatch(/\*\/$/);
      if (/lua_State \*L/.test(c.slice(at[0]!).split("\n")[0]!)) expect(c.slice(0, at[0]), c).toMatch(/ \* Lua stack: \[-(\d+|\(n\+1\)), \+\d+( or \+\d+)?, [-mev]\]\n \*\/\n$/);
      expect([...ctx.helpers.keys()].filter((k) => k === name)).toHaveLength(1);
    });
  }

  it("each helper alone, with its needs, builds with -Werror against Lua 5.1 and 5.3", async () => {
    for (const lua of ["5.1", "5.3"] as const) {
      const host = await buildHost({ lua, mqtt: false });
      for (const name of fixed) {
        const file = join(work, `${name}-${lua.replace(".", "")}.c`);
        // what the binding includes for every module, then the helper's own headers and itself
        writeFileSync(file, `#include "module.h"\n#include "lauxlib.h"\n#include "lnodeaux.h"\n#include "esp_log.h"\n${emitted(name).c}`);
        const r = await run("gcc", [...strictFlags, "-Wno-unused-function", "-Wno-unused-macros", "-funsigned-char", "-fsyntax-only",
          `-I${host.dir}`, `-I${join(repoRoot, "host/include")}`, `-I/usr/include/lua${lua}`, file]);
        expect(r.stderr, `${name} (Lua ${lua})`).toBe("");
        expect(r.code).toBe(0);
      }
    }
  }, 300_000);
});

describe("printing definitions", () => {
  const print = (...items: CTopLevel[]): string => printFile({ headerComment: [], items }, { lineDirectives: false });

  it("writes a #define with its body and each use of a parameter parenthesised", () => {
    expect(print({ kind: "define", name: "BIT", params: ["t"], body: bin("<<", int("1u"), bin("+", id("t"), int(1))) })).toBe("#define BIT(t) (1u << ((t) + 1))\n");
    expect(print({ kind: "define", name: "LOW", body: { kind: "unary", op: "-", operand: int("0x10") } })).toBe("#define LOW (-0x10)\n");
    expect(print({ kind: "define", name: "MAX", body: int(7), doc: "the most" })).toBe("/* the most */\n#define MAX 7\n");
  });

  it("prints a one-line macro invocation and refuses a definition or several lines as a macro node", () => {
    expect(print({ kind: "macro", text: "LROT_END(m, NULL, 0)" })).toBe("LROT_END(m, NULL, 0)\n");
    expect(() => print({ kind: "macro", text: "static int f(void)\n{\n  return 0;\n}" })).toThrow(/one macro invocation line/);
    expect(() => print({ kind: "macro", text: "#define X 1" })).toThrow(/one macro invocation line/);
  });
});
