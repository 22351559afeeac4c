import { Node } from "ts-morph";
import { cast, id, type CExpr } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { arrayAsList } from "./lists.ts";
import { base, describe, isInteger, isNumeric, range, sameType, toSpec, type CType } from "./ctypes.ts";

/**
 * Converts a lowered value to the type of the place it goes (a variable, a
 * parameter, a field, a return). Only conversions that cannot lose data are
 * implicit; the rest need an explicit conversion so Node and C agree.
 */
export function coerce(v: Typed, to: CType, node: Node, ctx: LowerContext): CExpr {
  const src = base(v.t);
  const dst = base(to);

  if (dst.k === "ptr" && src.k === "struct" && v.structValue && (base(dst.to).k === "void" || sameType(base(dst.to), src))) {
    // a struct held by value goes to a pointer parameter by address; a literal as a C99 compound literal
    return { kind: "unary", op: "&", operand: asValue(v.c, src) };
  }
  if (src.k === "null") {
    if (dst.k === "ptr" || dst.k === "cstring" || dst.k === "fn" || dst.k === "null") return id("NULL");
    return ctx.fail(node, "NullNotPointer");
  }
  // a struct parameter is a pointer: `const q: Point = p` would copy in C, alias in TypeScript
  if (dst.k === "struct" && src.k === "ptr" && base(src.to).k === "struct") return ctx.fail(node, "StructCopy", dst.name);
  // an array argument decays to a pointer in C (aliasing, as in TypeScript); anywhere else it would be copied
  if (dst.k === "array" && src.k === "array" && v.c.kind !== "init" && !Node.isCallExpression(node.getParent())) return ctx.fail(node, "ArrayCopy", describe(to));
  // a FixedArray where a list is expected: a view of all its elements; a list of the same elements as it is
  if (dst.k === "list" && src.k === "array") return arrayAsList(ctx, v, dst, node);
  if (dst.k === "list" || src.k === "list") {
    if (dst.k !== "list" || src.k !== "list" || !sameType(dst.of, src.of)) return ctx.fail(node, "ImplicitNarrowing", describe(v.t), describe(to));
    return v.c;
  }
  if (dst.k === "struct" && src.k === "struct") {
    if (v.structValue && v.c.kind !== "init" && v.c.kind !== "call") ctx.fail(node, "StructCopy", dst.name);
    return v.c;
  }
  if (isNumeric(dst) && isNumeric(src)) {
    if (dst.k === "double") return v.c;
    if (src.k === "double") return ctx.fail(node, "ImplicitNarrowing", "number", describe(to));
    const r = range(dst)!;
    if (v.value !== undefined) {
      if (v.value < r[0] || v.value > r[1]) ctx.fail(node, "LiteralRange", String(v.value), describe(to));
      return v.c;
    }
    if (dst.k === "enum") {
      if (src.k !== "enum" || src.name !== dst.name) ctx.fail(node, "ImplicitNarrowing", describe(v.t), describe(to));
      return v.c;
    }
    const s = range(src)!;
    if (s[0] < r[0] || s[1] > r[1]) ctx.fail(node, "ImplicitNarrowing", describe(v.t), describe(to));
    return v.c;
  }
  if (isInteger(src) && dst.k === "bool") return ctx.fail(node, "MixedOperands", "=", describe(v.t), "bool");
  // TypeScript lets a function be a LuaFunction (so an arrow can be returned as one): a C function is no Lua value
  if (dst.k === "lua" && src.k === "fn") return ctx.fail(node, "UnsupportedExpression", `${node.getText()} is a C function, not a Lua value: a LuaFunction is a Lua argument, or an arrow function returned to Lua`);
  // a LuaValue is a Lua value's stack index: only another value held so (an argument, a vararg, a result) is one
  if (dst.k === "lua" && dst.what === "value" && !(src.k === "lua" && (src.what === "value" || src.what === "function" || src.what === "table"))) {
    return ctx.fail(node, "MixedOperands", "=", describe(v.t), describe(to));
  }
  // pointers into a header's typedef (e.g. void * into esp_mqtt_event_handle_t) are C's business
  if (dst.k === "ptr" && src.k === "ptr") {
    if (dst.to.k === "void" || src.to.k === "void" || sameType(dst, src)) return v.c;
    return cast(toSpec(to), v.c);
  }
  // TypeScript lets an array or a byte string stand for a pointer to numbers (both are indexed by number); C does not
  if (dst.k === "ptr" && (src.k === "array" || src.k === "bytes" || src.k === "struct")) {
    return ctx.fail(node, "UnsupportedExpression", `a ${describe(v.t)} is not a ${describe(to)}: take the address of its first element, addr(a[0]), or convert with castPtr<T>()`);
  }
  return v.c;
}

/** An object literal outside a declaration's initializer is a compound literal in C: `(Point){ .x = 1 }`. */
export function asValue(c: CExpr, t: CType): CExpr {
  return c.kind === "init" && base(t).k === "struct" ? { kind: "compound", type: toSpec(t), init: c } : c;
}
