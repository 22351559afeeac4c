// `tsc2c docs`: help and usage errors like the other commands, the files it writes,
// and its errors (a file that is not a Lua module, an @example that does not exist).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tsc2c } from "../compiler/helpers.ts";

const work = mkdtempSync(join(tmpdir(), "tsc2c-docs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tinyModule = (example: string) => `/**
 * @luaModule tiny
 *
 * A module of one function.
 */
/**
 * Doubles a number.
 * @param x any integer
 * @returns twice x
 * @example ${example}
 */
export function double(x: int, scale: int = 2): int {
  return x * scale;
}
`;

describe("tsc2c docs", () => {
  it("-h/--help prints its options on stdout and exits 0; tsc2c --help lists it", async () => {
    for (const flag of ["-h", "--help"]) {
      const r = await tsc2c(["docs", flag], work);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^usage: tsc2c docs <entry\.ts>/);
      for (const line of ["--lua-stubs <file>", "--page <file>", "-h, --help", "-v, --version"]) expect(r.stdout).toMatch(new RegExp(`^  ${line}  `, "m"));
    }
    expect((await tsc2c(["--help"], work)).stdout).toMatch(/^  docs <entry\.ts>  /m);
  });

  it("is a usage error (exit 2) without an output, an entry, a file name, or with another command's option", async () => {
    for (const args of [["docs", "m.ts"], ["docs", "--page", "p.md"], ["docs", "m.ts", "--page"], ["docs", "m.ts", "--page", "p.md", "-o", "x.c"], ["docs", "m.ts", "--page", "p.md", "--watch"]]) {
      const r = await tsc2c(args, work);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^tsc2c: .*\nusage: tsc2c docs/);
    }
  });

  it("writes the stubs and the page of a new module, with its example, and leaves unchanged files untouched", async () => {
    const dir = join(work, "tiny");
    mkdirSync(join(dir, "examples"), { recursive: true });
    writeFileSync(join(dir, "tiny.ts"), tinyModule("examples/double.lua"));
    writeFileSync(join(dir, "examples", "double.lua"), "print(tiny.double(21))\n--> 42\n");
    const r = await tsc2c(["docs", "tiny.ts", "--lua-stubs", "out/tiny.lua", "--page", "out/tiny.md"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const stub = readFileSync(join(dir, "out/tiny.lua"), "utf8");
    expect(stub).toContain("---Doubles a number.\n---@param x integer any integer\n---@param scale? integer (default 2)\n---@return integer twice x\nfunction tiny.double(x, scale) end\n");
    const page = readFileSync(join(dir, "out/tiny.md"), "utf8");
    expect(page).toContain("## tiny.double()\n\nDoubles a number.\n\n#### Syntax\n\n`tiny.double(x[, scale])`\n");
    expect(page).toContain("From [examples/double.lua](../examples/double.lua):\n\n```lua\nprint(tiny.double(21))\n--> 42\n```");
    const before = statSync(join(dir, "out/tiny.md")).mtimeMs;
    await new Promise((done) => setTimeout(done, 50));
    expect((await tsc2c(["docs", "tiny.ts", "--page", "out/tiny.md"], dir)).code).toBe(0);
    expect(statSync(join(dir, "out/tiny.md")).mtimeMs).toBe(before);
  });

  it("fails (exit 1, nothing written) on an @example that does not exist and on a file that is not a Lua module", async () => {
    const dir = join(work, "bad");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "tiny.ts"), tinyModule("examples/missing.lua"));
    const r = await tsc2c(["docs", "tiny.ts", "--page", "tiny.md"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tsc2c: tiny\.ts: @example examples\/missing\.lua of tiny\.double\(\): no such file/);
    expect(existsSync(join(dir, "tiny.md"))).toBe(false);
    writeFileSync(join(dir, "plain.ts"), "export function f(): int {\n  return 1;\n}\n");
    const plain = await tsc2c(["docs", "plain.ts", "--lua-stubs", "plain.lua"], dir);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/has no @luaModule tag/);
  });

  it("reports the module's own errors like build does (exit 1)", async () => {
    const dir = join(work, "broken");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "m.ts"), "/** @luaModule m */\nexport function f(x: int): int {\n  const y: int = \"a\";\n  return x;\n}\n");
    const r = await tsc2c(["docs", "m.ts", "--lua-stubs", "m.lua"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/m\.ts\(3,\d+\): error TSC2C/);
    expect(existsSync(join(dir, "m.lua"))).toBe(false);
  });
});
