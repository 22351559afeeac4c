import { Node, SyntaxKind, type CallExpression } from "ts-morph";
import { bin, call, cast, id, member, mentions, named, type CExpr } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { lowerExpr, lowerTo } from "./expressions.ts";
import { BYTES, base, describe, intInfo, intType, isIntName, isInteger, isNumeric, toSpec, DOUBLE, type CType, type IntName, isUnsigned } from "./ctypes.ts";
import { declarationOf, symbolFor } from "./symbols.ts";
import { cTypeOf } from "./typenodes.ts";
import { useBytesType } from "./helpers.ts";
import { intrinsicOf, isBytesType, preludeTypeNamed, type Intrinsic, type PreludeType } from "../load/prelude.ts";
import { checkEvaluationOrder } from "./effects.ts";
import { sliceOf } from "./lists.ts";

const U32 = named("uint32_t");

export function lowerCall(node: Node, ctx: LowerContext, expected?: CType): Typed {
  const ce = node.asKindOrThrow(SyntaxKind.CallExpression);
  const callee = ce.getExpression();
  const args = ce.getArguments();
  const name = callee.getText(); // for messages only

  const ext = ctx.extension?.lowerCall?.(ctx, ce, args);
  if (ext) return ext;

  const which = intrinsicOf(callee);
  if (which === "Math.imul") return imul(ce, ctx);
  if (which) return intrinsic(ce, which, ctx, expected);
  const decl = Node.isIdentifier(callee) ? declarationOf(callee) : undefined;

  if (Node.isPropertyAccessExpression(callee)) {
    const method = declarationOf(callee.getNameNode());
    if (method && Node.isMethodDeclaration(method)) return methodCall(ce, callee.getExpression(), method, ctx);
    // `a.slice(start, end)` of a FixedArray (TypeScript's Array method): a list viewing its elements (lists.ts)
    const owner = method && Node.isMethodSignature(method) ? method.getParent() : undefined;
    const arrayMethod = owner !== undefined && Node.isInterfaceDeclaration(owner) && owner.getName() === "Array";
    if (callee.getName() === "slice" && arrayMethod) {
      const arr = lowerExpr(callee.getExpression(), ctx);
      if (base(arr.t).k === "array") return sliceOf(ctx, ce, arr, (n) => lowerExpr(n, ctx));
    }
  }
  const info = decl ? symbolFor(decl, ctx) : undefined;
  // a function, or a variable or parameter holding a pointer to one (a callback)
  const pointer = info && base(info.type).k === "fn" ? (base(info.type) as Extract<CType, { k: "fn" }>) : undefined;
  const fn = info?.fn ?? pointer;
  if (!info || !fn) return ctx.fail(callee, "UnknownIdentifier", name);
  const cargs = lowerArgs(ce, fn.params, fn.variadic, ctx);
  if (info.kind === "function") ctx.calls.push({ caller: ctx.frame?.node, callee: decl!, args: cargs });
  return { c: { kind: "call", callee: id(info.cname), args: cargs }, t: fn.ret };
}

/** Arguments converted to the parameter types; extra arguments of a variadic C function go as they are. */
export function lowerArgs(ce: CallExpression, params: CType[], variadic: boolean, ctx: LowerContext): CExpr[] {
  const args = ce.getArguments();
  checkEvaluationOrder(args, ce, ctx);
  const out: CExpr[] = [];
  args.forEach((a, i) => {
    const p = params[i];
    if (p) {
      out.push(lowerTo(a, p, ctx));
      return;
    }
    if (!variadic) ctx.fail(a, "UnsupportedExpression", "too many arguments");
    const v = lowerExpr(a, ctx);
    const k = base(v.t).k;
    if (k === "bytes" || k === "struct" || k === "list") ctx.fail(a, "UnsupportedExpression", `a ${describe(v.t)} cannot be passed to a variadic C function`);
    out.push(v.c);
  });
  return out;
}

function methodCall(ce: CallExpression, objNode: Node, method: import("ts-morph").MethodDeclaration, ctx: LowerContext): Typed {
  const cls = method.getParentIfKindOrThrow(SyntaxKind.ClassDeclaration);
  const self = lowerExpr(objNode, ctx);
  const info = ctx.methodInfo?.(method);
  if (!info) return ctx.fail(ce, "UnsupportedExpression", `method ${cls.getName()}.${method.getName()} cannot be called from C`);
  const args = [self.c, ...lowerArgs(ce, info.params, false, ctx)];
  ctx.calls.push({ caller: ctx.frame?.node, callee: method, args });
  return { c: { kind: "call", callee: id(info.cname), args }, t: info.ret };
}

function imul(ce: CallExpression, ctx: LowerContext): Typed {
  const [a, b] = ce.getArguments().map((x) => lowerExpr(x, ctx));
  if (!a || !b || !isInteger(a.t) || !isInteger(b.t)) return ctx.fail(ce, "MixedOperands", "Math.imul", a ? describe(a.t) : "?", b ? describe(b.t) : "?");
  ctx.include("<stdint.h>");
  const product = bin("*", cast(U32, a.c), cast(U32, b.c));
  return { c: mentions(product, "cond") ? call(useWrapping(ctx, "int32", "uint32_t"), product) : cast(named("int32_t"), product), t: intType("int32") };
}

/** The prelude's functions: conversions, byte strings, pointers, arrays, Kconfig. */
function intrinsic(ce: CallExpression, which: Intrinsic, ctx: LowerContext, expected?: CType): Typed {
  const args = ce.getArguments();
  if (isIntName(which) || which === "double") return conversion(ce, which, ctx);
  switch (which) {
    case "bytes": {
      const lit = args[0];
      if (!lit || !Node.isStringLiteral(lit)) return ctx.fail(ce, "UnsupportedExpression", "bytes() takes a string literal");
      const data = [...Buffer.from(lit.getLiteralValue(), "latin1")];
      useBytesType(ctx);
      return { c: { kind: "compound", type: named("tsc2c_bytes"), init: { kind: "init", fields: [{ value: { kind: "string", bytes: data } }, { value: { kind: "int", text: String(data.length) } }] } }, t: BYTES };
    }
    case "bytesOf": {
      const s = lowerTo(args[0]!, { k: "cstring" }, ctx);
      useBytesType(ctx);
      ctx.include("<string.h>");
      return { c: { kind: "compound", type: named("tsc2c_bytes"), init: { kind: "init", fields: [{ value: s }, { value: call("strlen", s) }] } }, t: BYTES };
    }
    case "castPtr": {
      const typeArg = ce.getTypeArguments()[0];
      if (!typeArg) return ctx.fail(ce, "MissingType", "castPtr<T>()");
      const to = cTypeOf(typeArg, ctx);
      const v = lowerExpr(args[0]!, ctx);
      const raw = base(v.t).k === "bytes" ? member(v.c, "ptr") : v.c;
      const t: CType = { k: "ptr", to };
      return { c: cast(toSpec(t), raw), t };
    }
    case "addr":
      return addressOf(args[0]!, ctx);
    case "sizeOf": {
      const typeArg = ce.getTypeArguments()[0];
      if (!typeArg) return ctx.fail(ce, "MissingType", "sizeOf<T>()");
      return { c: { kind: "sizeof", type: toSpec(cTypeOf(typeArg, ctx)) }, t: intType("size_t") };
    }
    case "at": {
      const p = lowerExpr(args[0]!, ctx);
      const b = base(p.t);
      if (b.k !== "ptr") return ctx.fail(args[0]!, "MixedOperands", "at", describe(p.t), "a pointer");
      const i = lowerExpr(args[1]!, ctx);
      if (!isInteger(i.t)) return ctx.fail(args[1]!, "DynamicProperty");
      return { c: { kind: "index", object: p.c, index: i.c }, t: b.to, ...(base(b.to).k === "struct" ? { structValue: true } : {}) };
    }
    case "offset": {
      const p = lowerExpr(args[0]!, ctx);
      if (base(p.t).k !== "ptr") return ctx.fail(args[0]!, "MixedOperands", "offset", describe(p.t), "a pointer");
      const n = lowerTo(args[1]!, intType("size_t"), ctx);
      return { c: bin("+", p.c, n), t: p.t };
    }
    case "bytesFrom": {
      useBytesType(ctx);
      const p = lowerExpr(args[0]!, ctx);
      const n = lowerTo(args[1]!, intType("size_t"), ctx);
      return { c: { kind: "compound", type: named("tsc2c_bytes"), init: { kind: "init", fields: [{ value: p.c }, { value: n }] } }, t: BYTES };
    }
    case "kconfig":
      return ctx.fail(ce, "KconfigPlacement", args[0]?.getText().replace(/"/g, "") ?? "");
    case "fill": {
      // an initializer (of a variable, a field in a literal): every element gets the value
      const arr = expected && base(expected);
      if (arr?.k !== "array") return ctx.fail(ce, "UnsupportedExpression", "fill() is only allowed as the initializer of a FixedArray variable or field");
      const v = lowerTo(args[1]!, arr.of, ctx);
      const zero = v.kind === "int" && v.text === "0";
      return { c: { kind: "init", fields: zero ? [] : Array.from({ length: arr.length }, () => ({ value: v })) }, t: expected! };
    }
  }
  // a Lua intrinsic outside a module (the binding lowers them in one)
  return ctx.fail(ce, "UnknownIdentifier", ce.getExpression().getText());
}

/**
 * `addr(x)`: `&x` of what C can take the address of, a variable, a field or an
 * array element. A byte of a byte string is read-only memory (Lua's string):
 * its address is a `const char *` into it, `&s.ptr[i]`. An object parameter is
 * already a pointer. Anything else is a located diagnostic, never invalid C.
 */
function addressOf(arg: Node, ctx: LowerContext): Typed {
  let inner = arg;
  while (Node.isParenthesizedExpression(inner) || Node.isNonNullExpression(inner)) inner = inner.getExpression();
  const v = lowerExpr(inner, ctx);
  const c = v.c;
  if (Node.isElementAccessExpression(inner) && c.kind === "cast" && c.operand.kind === "index") {
    return { c: { kind: "unary", op: "&", operand: c.operand }, t: { k: "cstring" } };
  }
  const b = base(v.t);
  // a struct parameter or a `this` is a pointer already (C passes objects by reference here)
  if (b.k === "ptr" && !v.structValue && base(b.to).k === "struct" && inner.getType().getProperty("__pointee") === undefined) return v;
  if (b.k === "array") return ctx.fail(arg, "UnsupportedExpression", "addr() of a whole array: take the address of its first element, addr(a[0])");
  const lvalue = c.kind === "ident" || c.kind === "member" || c.kind === "index" || (c.kind === "unary" && c.op === "*");
  if (!lvalue) return ctx.fail(arg, "UnsupportedExpression", "addr() takes a variable, a field or an array element");
  return { c: { kind: "unary", op: "&", operand: c }, t: { k: "ptr", to: v.t } };
}

/** `uint8(x)` and friends: C's conversion, which wraps like the prelude's Node implementation. */
function conversion(ce: CallExpression, name: string, ctx: LowerContext): Typed {
  const arg = ce.getArguments()[0]!;
  let inner: Node = arg;
  while (Node.isParenthesizedExpression(inner)) inner = inner.getExpression();
  // a conversion nested in the division's operands (`int32(int16(x) / 2)`) must not clear the outer one's permission
  const outer = ctx.allowedDivision;
  if (Node.isBinaryExpression(inner) && inner.getOperatorToken().getKind() === SyntaxKind.SlashToken) ctx.allowedDivision = inner;
  const target: CType = name === "double" ? DOUBLE : intType(name as IntName);
  let v: Typed;
  try {
    v = lowerExpr(arg, ctx);
  } finally {
    ctx.allowedDivision = outer;
  }
  if (!isNumeric(v.t)) return ctx.fail(arg, "MixedOperands", name, describe(v.t), "");
  if (target.k === "int") {
    ctx.include(intInfo[target.name].header ?? "<stdint.h>");
    v = wrapSafe(inner, v, ctx);
  }
  if (v.value !== undefined && target.k === "int") {
    const [lo, hi] = [intInfo[target.name].min, intInfo[target.name].max];
    if (v.value >= lo && v.value <= hi) {
      // uint32(2147483647) is unsigned: C's int literal would make `int16 + it` a signed (overflowing) sum
      const unsigned32 = target.name === "uint32" || target.name === "size_t";
      // a constant expression is written as its value: C would type `7 - (uint32_t)248` unsigned, and gcc
      // reports its conversion to a narrower type as an overflow (-Werror=overflow)
      const literal = v.c.kind === "int" ? v.c : v.value >= -(2n ** 31n) + 1n ? { kind: "int" as const, text: String(v.value) } : undefined;
      const own = literal ?? v.c;
      const c = unsigned32 && own.kind === "int" && !/u$/i.test(own.text) ? { kind: "int" as const, text: `${v.value}u` } : unsigned32 && !isUnsigned(v.t) ? cast(toSpec(target), own) : own;
      return { c, t: target, value: v.value };
    }
    // a constant out of range: its wrapped value (C would fold the overflow and warn, -Woverflow);
    // beyond 2^53 TypeScript itself no longer holds the exact value
    if (v.value > 2n ** 53n || v.value < -(2n ** 53n)) return ctx.fail(arg, "LiteralRange", String(v.value), "a double's exact range (2^53)");
    const bits = target.name === "int8" || target.name === "uint8" || target.name === "char" ? 8 : target.name === "int16" || target.name === "uint16" ? 16 : 32;
    const w = lo < 0n ? BigInt.asIntN(bits, v.value) : BigInt.asUintN(bits, v.value);
    const text = w === -(2n ** 31n) ? undefined : w > 2n ** 31n - 1n ? `${w}u` : String(w);
    return { c: cast(toSpec(target), text ? { kind: "int", text } : bin("-", { kind: "int", text: "-2147483647" }, { kind: "int", text: "1" })), t: target, value: w };
  }
  if (target.k === "int" && base(v.t).k === "double") {
    // double to a narrow type is undefined in C when out of range: truncate to 64 bits first, then wrap like ToInt32
    ctx.include("<stdint.h>");
    const wide = cast(named("int64_t"), v.c);
    // a constant double gcc would fold, then report the narrowing of as an overflow: through an inline function
    if (!mentions(v.c, "ident") && intInfo[target.name].max < 2n ** 31n - 1n) return { c: call(useWrapping(ctx, target.name, "int64_t"), wide), t: target };
    return { c: cast(toSpec(target), wide), t: target };
  }
  // an unsigned value made signed: gcc folds the conversion into the arms of a conditional in it and then
  // misreports their wrap as an overflow (-Woverflow, under -Werror an error); an inline function it cannot fold through
  if (target.k === "int" && !isUnsigned(target) && isUnsigned(v.t) && intInfo[target.name].max === 2n ** 31n - 1n && mentions(v.c, "cond")) {
    return { c: call(useWrapping(ctx, "int32", "uint32_t"), v.c), t: target };
  }
  return { c: cast(toSpec(target), v.c), t: target };
}

/**
 * The inline conversion of a `from` value to integer type `to`, wrapping as
 * ToInt32 and friends do, emitted once per type. A function, so gcc cannot
 * fold the conversion (into a conditional's arms, of a constant) and then
 * misreport the wrap as an overflow (-Woverflow, under -Werror an error).
 */
function useWrapping(ctx: LowerContext, to: IntName, from: "uint32_t" | "int64_t"): string {
  const c = intInfo[to].c;
  const fn = `tsc2c_to_${to}`;
  ctx.include("<stdint.h>");
  ctx.useHelper(fn, () => [{ kind: "blank" }, {
    kind: "function", ret: named(c), name: fn, isStatic: true,
    params: [{ type: named(from), name: "v" }],
    body: [{ kind: "return", value: cast(named(c), id("v")) }],
    doc: `a ${from} as ${c}, wrapped; a function, so gcc does not fold the conversion and misreport the wrap as an overflow (-Woverflow)`,
  }]);
  return fn;
}

/**
 * `int32(a + b)` must wrap, but signed overflow is undefined in C: do the
 * arithmetic of the whole `+ - *` tree on uint32_t, where C defines the wrap,
 * then convert. Node computes the exact value and wraps it, which agrees as
 * long as every product stays below 2^53; a product that may not is rejected.
 */
function wrapSafe(inner: Node, v: Typed, ctx: LowerContext): Typed {
  const negation = v.c.kind === "unary" && v.c.op === "-";
  if (!(negation || (v.c.kind === "binary" && ["+", "-", "*"].includes(v.c.op))) || !isInteger(v.t)) return v;
  const tree = unsignedTree(inner, v.c, ctx);
  const t = base(v.t);
  if (t.k !== "int" || (t.name !== "int" && t.name !== "int32")) return v;
  // operands narrower than 32 bits (or small literals) cannot overflow int: plain C is exact
  if (tree.bound < 2 ** 31) return v;
  ctx.include("<stdint.h>");
  return { c: tree.c, t: intType("uint32") };
}

/** The operators whose tree is done on uint32_t, by token. */
const wrapping: Partial<Record<SyntaxKind, "+" | "-" | "*">> = { [SyntaxKind.PlusToken]: "+", [SyntaxKind.MinusToken]: "-", [SyntaxKind.AsteriskToken]: "*" };

/** The tree on uint32_t, and a bound of the magnitude Node computes exactly along the way. */
function unsignedTree(n: Node, c: CExpr, ctx: LowerContext): { c: CExpr; bound: number } {
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  const op = Node.isBinaryExpression(n) ? wrapping[n.getOperatorToken().getKind()] : undefined;
  if (Node.isBinaryExpression(n) && c.kind === "binary" && op !== undefined && c.op === op) {
    const l = unsignedTree(n.getLeft(), c.left, ctx), r = unsignedTree(n.getRight(), c.right, ctx);
    const bound = c.op === "*" ? l.bound * r.bound : l.bound + r.bound;
    if (c.op === "*" && bound > 2 ** 53) ctx.fail(n, "WideMultiply", n.getLeft().getText(), n.getRight().getText());
    return { c: bin(c.op, l.c, r.c), bound };
  }
  // -x of the most negative int is undefined in C; on uint32_t it wraps, as the conversion around it does in TypeScript
  if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.MinusToken && c.kind === "unary" && c.op === "-") {
    const o = unsignedTree(n.getOperand(), c.operand, ctx);
    return { c: { kind: "unary", op: "-", operand: o.c }, bound: o.bound };
  }
  return { c: cast(U32, c), bound: magnitude(n) };
}

/** How large an operand can be: a literal's value, 2^16 for narrow types, else 2^32. */
function magnitude(o: Node): number {
  const narrowType = (t: PreludeType | undefined) => t === "int8" || t === "uint8" || t === "int16" || t === "uint16" || t === "char";
  if (Node.isNumericLiteral(o)) return Math.abs(Number(o.getLiteralValue()));
  if (Node.isPrefixUnaryExpression(o) && Node.isNumericLiteral(o.getOperand())) return magnitude(o.getOperand());
  while (Node.isNonNullExpression(o) || Node.isParenthesizedExpression(o)) o = o.getExpression();
  // a byte of a byte string, a narrow conversion: small too
  if (Node.isElementAccessExpression(o) && isBytesType(o.getExpression().getType(), o)) return 2 ** 8;
  if (Node.isCallExpression(o) && narrowType(intrinsicOf(o) as PreludeType | undefined)) return 2 ** 16;
  // a name declared with a narrow type
  const tn = declarationOf(o)?.getChildrenOfKind(SyntaxKind.TypeReference)[0];
  return tn && narrowType(preludeTypeNamed(tn.getTypeName())) ? 2 ** 16 : 2 ** 32;
}

