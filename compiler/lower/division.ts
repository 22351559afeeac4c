import { bin, call, cast, id, int, type CExpr, type CStmt } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { base, intInfo, isUnsigned, toSpec, type CType } from "./ctypes.ts";

/**
 * Integer `a / b` and `a % b` in C as TypeScript computes them. C leaves a
 * zero divisor undefined (the ESP32 raises an exception and reboots, x86
 * stops the program) and so is INT_MIN / -1. TypeScript's int32(a / 0) is 0
 * (the conversion of an infinity) and int32(INT_MIN / -1) wraps to INT_MIN;
 * `a % -1` is 0, and `a % 0` is NaN, which no C integer holds: it is 0 too
 * (docs/language.md). A divisor that is a constant other than 0 (and -1 for
 * a signed type) divides directly; any other goes through a small helper per
 * type, emitted once, that tests it first.
 */
export function integerDivision(op: "/" | "%", a: Typed, b: Typed, t: CType, ctx: LowerContext): CExpr {
  const signed = !isUnsigned(t);
  if (b.value !== undefined && b.value !== 0n && !(signed && b.value === -1n)) return bin(op, a.c, b.c);
  const b0 = base(t);
  const typeName = b0.k === "int" ? intInfo[b0.name].c : "int";
  const name = `tsc2c_${op === "/" ? "div" : "mod"}_${typeName.replace(/_t$/, "")}`;
  ctx.useHelper(name, () => {
    ctx.include(typeName === "size_t" ? "<stddef.h>" : "<stdint.h>");
    const spec = toSpec(t);
    const zero: CStmt = { kind: "if", test: bin("==", id("b"), int(0)), then: [{ kind: "return", value: int(0) }] };
    // -a wrapped as int32() wraps it; a % -1 is 0 (C's INT_MIN % -1 is undefined)
    const minusOne: CStmt[] = !signed ? [] : [{
      kind: "if", test: bin("==", id("b"), int(-1)),
      then: [{ kind: "return", value: op === "/" ? cast(spec, bin("-", int("0u"), cast(toSpec({ k: "int", name: "uint32" }), id("a")))) : int(0) }],
    }];
    const what = op === "/" ? "a / b" : "a % b";
    return [{ kind: "blank" }, {
      kind: "function", ret: spec, name, isStatic: true,
      params: [{ type: spec, name: "a" }, { type: spec, name: "b" }],
      body: [zero, ...minusOne, { kind: "return", value: bin(op, id("a"), id("b")) }],
      doc: `${what} as TypeScript computes it: 0 for a zero divisor${signed ? (op === "/" ? ", a wrapped -a for -1" : " and for -1") : ""} (undefined in C)`,
    }];
  });
  return call(name, a.c, b.c);
}
