/** The prelude's Node runtime (compiler/prelude/runtime.ts) behaves like the C it stands for. */
import { describe, expect, it } from "vitest";
import { bytes, bytesOf, conversions as cv, fill, formatFixed, kconfig, sprintf } from "../../compiler/prelude/runtime.ts";

describe("prelude runtime", () => {
  it("converts like C's fixed-width conversions (two's complement)", () => {
    expect([cv.uint8(256), cv.uint8(-1), cv.uint8(300.5), cv.int8(128), cv.int8(-129)]).toEqual([0, 255, 44, -128, 127]);
    expect([cv.uint16(70000), cv.int16(32768), cv.int32(2 ** 31), cv.uint32(-1), cv.int32(-3.99)]).toEqual([4464, -32768, -(2 ** 31), 2 ** 32 - 1, -3]);
    expect(cv.size_t(-1)).toBe(2 ** 32 - 1); // the ESP32's 32-bit size_t
    expect(cv.char(65)).toBe(65);
    expect(() => cv.char(200)).toThrow(/target-defined/);
  });

  it("prints like glibc's printf for the supported formats", () => {
    expect(sprintf("%d %i %u %x %X %c %s %%", -1, 7, -1, 255, 255, 65, "ok")).toBe("-1 7 4294967295 ff FF A ok %");
    expect(sprintf("%5d|%-5d|%05d|%+d|% d|%.3d", 42, 42, -42, 5, 5, 7)).toBe("   42|42   |-0042|+5| 5|007");
    expect(sprintf("%08x %#x %zu %hhd %hu", 0xbeef, 255, 3, 255, 65537)).toBe("0000beef 0xff 3 -1 1");
    expect(sprintf("%5s|%-5s|%.2s", "ab", "cd", "efgh")).toBe("   ab|cd   |ef");
    expect(sprintf("[%s]", "cut\0hidden")).toBe("[cut]");
    expect(sprintf("%d %d", true, false)).toBe("1 0");
    expect(sprintf("caf\u00e9")).toBe("caf\u00c3\u00a9"); // bytes of the UTF-8 encoding
  });

  it("formats doubles exactly, rounding ties to even as glibc does", () => {
    expect(sprintf("%f %.2f %.0f %.0f %.0f %.1f", 1.5, 0.125, 0.5, 1.5, 2.5, 0.25)).toBe("1.500000 0.12 0 2 2 0.2");
    expect(sprintf("%.17f", 0.1)).toBe("0.10000000000000001");
    expect(sprintf("%f %f", -0, 1e20)).toBe("-0.000000 100000000000000000000.000000");
    expect(formatFixed(1 / 0, 2)).toEqual({ sign: "", body: "inf" });
    expect(sprintf("%8.3f|%-8.2f|%08.2f", 3.14159, -2.5, 2.5)).toBe("   3.142|-2.50   |00002.50");
  });

  it("refuses formats it cannot print exactly like C, and argument count mismatches", () => {
    expect(() => sprintf("%g", 1.5)).toThrow(/unsupported/);
    expect(() => sprintf("%d %d", 1)).toThrow(/too few/);
    expect(() => sprintf("%d", 1, 2)).toThrow(/unused/);
  });

  it("byte strings, fill and kconfig", () => {
    expect([...bytes("a\0\xff")]).toEqual([97, 0, 255]);
    expect([...bytesOf("ab\0cd")]).toEqual([97, 98]);
    const a = fill(3, { x: 0 });
    a[0]!.x = 5;
    expect(a.map((p) => p.x)).toEqual([5, 0, 0]); // C copies the value into each element
    expect(kconfig("ANYTHING")).toBe(false);
  });
});
