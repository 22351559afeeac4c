// The hand-written LuaLS stubs of the runner's modules (types/tmr.lua, types/node.lua)
// and .luarc.json: they parse under Lua 5.1 and 5.3, document every parameter, and
// name exactly the functions, methods and constants nodemcu-host's tmr and node have,
// with the same values. (LuaLS itself is not packaged for Debian: not run here.)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runHost } from "../../host/runner/build.ts";
import { repoRoot } from "../compiler/helpers.ts";

const stubs = ["types/tmr.lua", "types/node.lua"];
const work = mkdtempSync(join(tmpdir(), "lua-stubs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const luac = (version: string, file: string) => spawnSync(`luac${version}`, ["-p", file], { cwd: repoRoot, encoding: "utf8" });

/** "tmr.create()", "timer:start()", "tmr.ALARM_AUTO = 1"... as the stubs declare them. */
function declared(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/^function ([\w.]+)([.:])(\w+)\(/gm)) names.push(`${m[1]}${m[2]}${m[3]}()`);
  for (const m of text.matchAll(/^([\w.]+)\.(\w+) = (-?\d+)\s*$/gm)) names.push(`${m[1]}.${m[2]} = ${m[3]}`);
  return names;
}

// The same names from the running modules (ROM tables iterate with pairs on the host).
const DUMP = `
local function dump(prefix, sep, t)
  for k, v in pairs(t) do
    if type(v) == "function" and not k:match("^__") then print(prefix .. sep .. k .. "()")
    elseif type(v) == "number" then print(prefix .. "." .. k .. " = " .. string.format("%d", v)) end
  end
end
dump("tmr", ".", tmr)
dump("timer", ":", getmetatable(tmr.create()).__index)
dump("node", ".", node)
dump("node.task", ".", node.task)
`;

describe("LuaLS stubs of the runner's modules", () => {
  it.each(stubs)("%s parses with luac5.1 -p and luac5.3 -p", (file) => {
    for (const v of ["5.1", "5.3"]) {
      const r = luac(v, file);
      expect(r.status, `luac${v}: ${r.stderr}`).toBe(0);
    }
  });

  it("the parse check fails on a broken stub", () => {
    const bad = join(work, "bad.lua");
    writeFileSync(bad, "---@meta\nfunction tmr.create( end\n");
    for (const v of ["5.1", "5.3"]) expect(luac(v, bad).status).not.toBe(0);
  });

  it.each(["5.1", "5.3"] as const)("declare exactly what nodemcu-host's tmr and node offer, with the same constants (Lua %s)", async (lua) => {
    const script = join(work, `dump-${lua}.lua`);
    writeFileSync(script, DUMP);
    const r = await runHost({ script, lua, mqtt: false, timeout: 30 });
    expect(r.code, r.stderr).toBe(0);
    const real = r.stdout.split("\n").filter(Boolean).sort();
    expect(real).toContain("timer:alarm()");
    expect(real).toContain("node.task.post()");
    const stubbed = stubs.flatMap((f) => declared(readFileSync(join(repoRoot, f), "utf8"))).sort();
    expect(stubbed).toEqual(real);
  }, 120_000);

  it.each(stubs)("%s: every function documents each of its parameters", (file) => {
    const lines = readFileSync(join(repoRoot, file), "utf8").split("\n");
    expect(lines[0]).toMatch(/^---@meta /);
    lines.forEach((line, i) => {
      const m = /^function [\w.:]+\(([^)]*)\)/.exec(line);
      if (!m) return;
      let doc = "";
      for (let j = i - 1; j >= 0 && lines[j]!.startsWith("---"); j--) doc = lines[j] + "\n" + doc;
      expect(doc, line).not.toBe("");
      for (const p of m[1]!.split(",").map((s) => s.trim()).filter(Boolean)) expect(doc, `${line}: ${p}`).toMatch(new RegExp(`^---@param ${p}\\??\\s`, "m"));
    });
  });

  it(".luarc.json gives LuaLS the stubs", () => {
    const rc = JSON.parse(readFileSync(join(repoRoot, ".luarc.json"), "utf8")) as Record<string, unknown>;
    const library = rc["workspace.library"] as string[];
    expect(library).toContain("types");
    for (const f of stubs) expect(existsSync(join(repoRoot, f))).toBe(true);
    expect(rc["runtime.version"]).toMatch(/^Lua 5\.[13]$/);
  });
});
