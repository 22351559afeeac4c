/**
 * An internal error is a compiler bug: it must never be swallowed (the binding
 * used to `catch { return false; }` and silently drop the method from the ROM
 * table) and the CLI reports it with its stack trace and exit code 3.
 * The bug is simulated: the binding's Lua-function emitter throws a TypeError.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../compiler/bind/functions.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../compiler/bind/functions.ts")>();
  return {
    ...real,
    luaFunction: (...args: Parameters<typeof real.luaFunction>) => {
      if (args[1].cname.endsWith("_fire")) throw new TypeError("simulated compiler bug");
      return real.luaFunction(...args);
    },
  };
});

const { compile } = await import("../../compiler/compile.ts");
const { main } = await import("../../compiler/cli/main.ts");
const example = "module-src/examples/emitter.ts";

describe("internal errors", () => {
  it("propagate out of the binding pass instead of dropping the method", () => {
    expect(() => compile(example)).toThrow("simulated compiler bug");
  });

  it("make the CLI print the stack trace and exit 3", () => {
    const out = join(mkdtempSync(join(tmpdir(), "tsc2c-internal-")), "emitter.c");
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
      written.push(String(s));
      return true;
    });
    let code: number;
    try {
      code = main(["build", example, "-o", out]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(3);
    const text = written.join("");
    expect(text).toMatch(/^tsc2c: internal error: TypeError: simulated compiler bug\n\s+at /);
  });
});
