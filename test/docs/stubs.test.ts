// The generated LuaLS stubs (types/mqtt.lua, types/emitter.lua, types/pipe.lua, types/struct.lua) and reference
// pages (docs/mqtt-api.md, docs/emitter-api.md, docs/pipe-api.md, docs/struct-api.md): they parse as Lua 5.1 and 5.3, and every
// function, method, parameter (with its type), return value and constant of the
// module's interface model is in both. (LuaLS itself is not packaged for Debian.)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ModuleModel } from "../../compiler/bind/model.ts";
import { GENERATED } from "../../compiler/cli/generated.ts";
import { readInterface } from "../../compiler/docs/interface.ts";
import { repoRoot } from "../compiler/helpers.ts";
import { entries, expectedType, missing, type Entry } from "./coverage.ts";

const read = (f: string) => readFileSync(join(repoRoot, f), "utf8");

function modelOf(entry: string): ModuleModel {
  const { model, diagnostics } = readInterface(join(repoRoot, entry));
  expect(diagnostics).toEqual([]);
  return model!;
}

/** The event names a module's on() compares its argument with, read from the source itself. */
/** The event names on() knows: the names it compares (`equals(event, "x")`), or its table of names (`EVENT_NAMES = [...]`). */
function eventsInSource(entry: string): string[] {
  const source = read(entry);
  const table = /const EVENT_NAMES\b[^=]*=\s*\[([^\]]*)\]/.exec(source);
  if (table) return [...table[1]!.matchAll(/"(\w+)"/g)].map((m) => m[1]!);
  return [...source.matchAll(/equals\(event, "(\w+)"\)/g)].map((m) => m[1]!);
}

const eventAlias = (model: ModuleModel) => (e: Entry, p: { name: string }) =>
  e.declared.endsWith(":on") && p.name === "event" ? `${model.name}.${e.declared.split(":")[0]}Event` : undefined;

describe.each(GENERATED.map((g) => [g.entry, g] as const))("generated stubs and page of %s", (entry, g) => {
  const model = modelOf(entry);
  const stub = read(g.docs.luaStubs);
  const page = read(g.docs.page);

  it("the stub parses with luac5.1 -p and luac5.3 -p", () => {
    for (const v of ["5.1", "5.3"]) {
      const r = spawnSync(`luac${v}`, ["-p", g.docs.luaStubs], { cwd: repoRoot, encoding: "utf8" });
      expect(r.status, `luac${v}: ${r.stderr}`).toBe(0);
    }
  });

  it("stub and page hold every function, method, parameter, return value and constant of the model, with its Lua type", () => {
    expect(entries(model).length).toBeGreaterThanOrEqual(3);
    expect(missing(model, stub, page, eventAlias(model))).toEqual([]);
  });

  it("the check fails when the generator drops something", () => {
    // a parameter the stub names (struct.pack's varargs are `---@param ...`; pipe's functions take one at most)
    const named = (q: { name: string }) => stub.includes(`---@param ${q.name} `);
    const e = entries(model).find((x) => x.params.some(named))!;
    const p = e.params.find(named)!;
    const noParam = stub.split("\n").filter((l) => !l.startsWith(`---@param ${p.name}`)).join("\n");
    expect(missing(model, noParam, page, eventAlias(model))).not.toEqual([]);
    // a module with constants (struct has none): dropping one from the page is found
    for (const c of model.constants.slice(0, 1)) {
      const noConst = page.split("\n").filter((l) => !l.includes(`\`${model.name}.${c.key}\``)).join("\n");
      expect(missing(model, stub, noConst, eventAlias(model))).toEqual([`page: ${c.key}`]);
    }
    const first = e.params[0]!;
    const retyped = page.replace(`\n- \`${first.name}\` (\``, `\n- \`${first.name}\` (\`nil|`);
    expect(retyped).not.toBe(page);
    // the first parameter of that name on the page was retyped (struct's functions all begin with fmt)
    const found = missing(model, stub, retyped, eventAlias(model));
    expect(found.some((m) => m.startsWith("page: ") && m.endsWith(` ${first.name} ${expectedType(first, model)}`)), found.join("\n")).toBe(true);
  });
});

// the modules with a userdata whose on() takes event names (mqtt, emitter; struct has none)
const withEvents = GENERATED.filter((g) => eventsInSource(g.entry).length > 0);

describe.each(withEvents.map((g) => [g.entry, g] as const))("event names of %s", (entry, g) => {
  const model = modelOf(entry);
  const stub = read(g.docs.luaStubs);
  const page = read(g.docs.page);

  // pipe has no on(): for it the test is skipped, not passed
  it.skipIf(!/^\s+on\(event: LuaString/m.test(read(entry)))("on()'s event names are an ---@alias and listed on the page, exactly the names the source compares", () => {
    const names = eventsInSource(entry);
    expect(names.length).toBeGreaterThan(1);
    const cls = model.classes[0]!.name;
    const alias = stub.match(new RegExp(`^---@alias ${model.name}\\.${cls}Event\\n((?:---\\|.*\\n)+)`, "m"));
    expect(alias, "alias block").not.toBeNull();
    expect([...alias![1]!.matchAll(/^---\| "(\w+)"/gm)].map((m) => m[1])).toEqual(names);
    for (const n of names) expect(page).toContain(`    - \`"${n}"\``);
  });
});

describe("overloads: NodeMCU's flexible shapes, derived from the optional parameters", () => {
  const stub = read("types/mqtt.lua");
  it.each([
    "fun(self: mqtt.Client, host: string, onConnect?: function, onFail?: function): boolean",
    // port is an int parameter: a numeric string is taken too (docs/modules.md), the stub says integer as for luaL_checkinteger
    "fun(self: mqtt.Client, host: string, port?: integer, onConnect?: function, onFail?: function): boolean",
    "fun(self: mqtt.Client, topic: string|table, fn?: function): boolean",
    "fun(self: mqtt.Client, topic: string, message: string, retain?: boolean|integer)",
  ])("%s", (shape) => {
    expect(stub).toContain(`---@overload ${shape}\n`);
  });

  it("no overload lets a skipped parameter take the argument meant for a later one", () => {
    // autoreconnect (a flag) right after host would be taken by secure (also a flag)
    expect(stub).not.toMatch(/fun\(self: mqtt\.Client, host: string, autoreconnect/);
    // password right after keepalive would be taken by username
    expect(stub).not.toMatch(/fun\(clientid: string, keepalive: integer, password/);
  });
});
