import { Node, SyntaxKind, ts } from "ts-morph";
import { integerDivision } from "./division.ts";
import { bin, cast, id, member, named, type CBinaryOp, type CExpr } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { lowerCondition, lowerExpr } from "./expressions.ts";
import { asValue, coerce } from "./coerce.ts";
import { checkEvaluationOrder, hasEffects } from "./effects.ts";
import { declarationOf, isUndefinedValue } from "./symbols.ts";
import { isPrelude } from "../load/project.ts";
import { intrinsicOf, isMathObject } from "../load/prelude.ts";
import { BOOL, INT, intInfo, arithmeticResult, base, describe, intType, isInteger, isNumeric, isPointerLike, isUnsigned, sameType, type CType, type IntName } from "./ctypes.ts";
import { literalValue, sameForC } from "./same.ts";

const I32 = named("int32_t");
const U32 = named("uint32_t");

const arithmetic: Record<string, CBinaryOp> = { "+": "+", "-": "-", "*": "*", "/": "/", "%": "%" };
const relational: Record<string, CBinaryOp> = { "<": "<", "<=": "<=", ">": ">", ">=": ">=" };
const compound: Record<string, string> = { "+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "&=": "&", "|=": "|", "^=": "^", "<<=": "<<", ">>=": ">>", ">>>=": ">>>" };

/** Types on which `x += e`, `x++` cannot wrap differently from TypeScript (overflow is out of the subset). */
function isWide(t: CType): boolean {
  const b = base(t);
  return b.k === "double" || (b.k === "int" && ["int", "int32", "uint32", "size_t"].includes(b.name));
}

export function lowerBinary(node: Node, ctx: LowerContext): Typed {
  const be = node.asKindOrThrow(SyntaxKind.BinaryExpression);
  // the operator's spelling from its token kind (TypeScript's own table), the key of the tables above
  const op = ts.tokenToString(be.getOperatorToken().getKind())!;
  const left = be.getLeft(), right = be.getRight();

  if (op === "=") return assign(node, left, right, ctx);
  if (op in compound) return compoundAssign(node, op, left, right, ctx);
  if (op !== "&&" && op !== "||") checkEvaluationOrder([left, right], node, ctx);
  if (op === "&&" || op === "||") {
    return { c: bin(op, lowerCondition(left, ctx), lowerCondition(right, ctx)), t: BOOL };
  }
  if (op === "===" || op === "!==") return equality(node, op === "===" ? "==" : "!=", left, right, ctx);

  const a = lowerExpr(left, ctx), b = lowerExpr(right, ctx);
  if (op in relational) {
    if (!isNumeric(a.t) || !isNumeric(b.t)) return ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
    decidedComparison(node, op, left, a, right, b, ctx);
    return { c: bin(relational[op]!, ...signSafe(a, b, ctx)), t: BOOL };
  }
  if (op in arithmetic) {
    if (base(a.t).k === "cstring" || base(b.t).k === "cstring") return ctx.fail(node, "StringOperation", op);
    if (!isNumeric(a.t) || !isNumeric(b.t)) return ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
    const t = arithmeticResult(a.t, b.t);
    // C's % takes no doubles; on a 32-bit unsigned operand C makes the other one unsigned too (-7 % 3u is not -1)
    if (op === "%" && base(t).k === "double") return ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
    if ((op === "/" || op === "%") && mixesSign(a, b)) return ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
    if (op === "/" && isInteger(t) && ctx.allowedDivision !== node) return ctx.fail(node, "IntegerDivision", isInt(t, "int") ? "int32" : describe(t));
    const value = fold(op, a, b, t);
    if ((op === "/" || op === "%") && isInteger(t)) return { c: integerDivision(op, a, b, t, ctx), t };
    return { c: bin(arithmetic[op]!, a.c, b.c), t, ...(value !== undefined ? { value } : {}) };
  }
  if (op === "&" || op === "|" || op === "^") {
    requireIntegers(node, op, a, b, ctx);
    // two constants: their value (clang reads `2 ^ 1` as a mistaken power, -Wxor-used-as-pow)
    if (a.value !== undefined && b.value !== undefined) {
      const x = BigInt.asIntN(32, a.value), y = BigInt.asIntN(32, b.value);
      const v = op === "&" ? x & y : op === "|" ? x | y : x ^ y;
      return { c: v === -(2n ** 31n) ? bin("-", { kind: "int", text: "-2147483647" }, { kind: "int", text: "1" }) : { kind: "int", text: String(v) }, t: intType("int32"), value: v };
    }
    // JavaScript bit operators produce int32: an unsigned 32-bit operand is reinterpreted the same way.
    // `u16 ^ -1` is a complement to gcc, which warns when a promoted unsigned one meets an unsigned
    // value (-Wsign-compare): a narrow unsigned operand of `^` goes through int32_t
    const narrow = (x: Typed): CExpr => (op === "^" && isNarrowUnsigned(x.t) ? cast(I32, x.c) : x.c);
    const c = bin(op, narrow(a), narrow(b));
    return { c: isUnsigned32(a.t) || isUnsigned32(b.t) ? cast(I32, c) : c, t: intType("int32") };
  }
  if (op === "<<" || op === ">>" || op === ">>>") {
    requireIntegers(node, op, a, b, ctx);
    const count = shiftCount(right, b, ctx);
    ctx.include("<stdint.h>");
    if (op === "<<") return { c: cast(I32, bin("<<", cast(U32, a.c), count)), t: intType("int32") };
    if (op === ">>") return { c: bin(">>", isSigned32(a.t) ? a.c : cast(I32, a.c), count), t: intType("int32") };
    return { c: bin(">>", isInt(a.t, "uint32") ? a.c : cast(U32, a.c), count), t: intType("uint32") };
  }
  return ctx.fail(node, "UnsupportedSyntax", `the '${op}' operator`);
}

/** One of the prelude's integer types itself (not a header's typedef of it). */
function isInt(t: CType, ...names: IntName[]): boolean {
  return t.k === "int" && names.includes(t.name);
}
function isUnsigned32(t: CType): boolean {
  return isInt(t, "uint32", "size_t");
}
function isSigned32(t: CType): boolean {
  return isInt(base(t), "int", "int32");
}
/** uint8 or uint16: C promotes them to int, and gcc reads their complement as such. */
function isNarrowUnsigned(t: CType): boolean {
  return isInt(t, "uint8", "uint16");
}

function requireIntegers(node: Node, op: string, a: Typed, b: Typed, ctx: LowerContext): void {
  if (!isInteger(a.t) || !isInteger(b.t)) ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
}

/** JavaScript masks shift counts to 0..31; C leaves larger counts undefined. */
function shiftCount(node: Node, count: Typed, ctx: LowerContext): CExpr {
  if (count.value !== undefined) {
    if (count.value < 0n || count.value > 31n) ctx.fail(node, "ShiftCount", String(count.value));
    return count.c;
  }
  return bin("&", count.c, { kind: "int", text: "31" });
}

/** A 32-bit unsigned operand with a signed one that may be negative: C converts the signed one. */
function mixesSign(a: Typed, b: Typed): boolean {
  const signed = (x: Typed) => isInteger(x.t) && !isUnsigned(x.t) && !(x.value !== undefined && x.value >= 0n);
  return (isUnsigned32(a.t) && signed(b)) || (isUnsigned32(b.t) && signed(a));
}

/** Mixed signed/unsigned comparisons compare values, as TypeScript does, not bit patterns. */
/** `x - x`, `x ^ x`, `x * 0`, `x & 0` (under conversions): zero to gcc, which folds it, whatever x holds. */
function foldsToZero(n: Node): boolean {
  while (Node.isParenthesizedExpression(n) || (Node.isCallExpression(n) && n.getArguments().length === 1 && isConstantNode(n.getExpression()))) {
    n = Node.isParenthesizedExpression(n) ? n.getExpression() : n.getArguments()[0]!;
  }
  if (!Node.isBinaryExpression(n) || hasEffects(n)) return false;
  const op = n.getOperatorToken().getKind();
  const same = sameForC(n.getLeft(), n.getRight());
  const zero = (o: Node) => Node.isNumericLiteral(o) && Number(o.getLiteralValue()) === 0;
  return ((op === SyntaxKind.MinusToken || op === SyntaxKind.CaretToken) && same)
    || ((op === SyntaxKind.AsteriskToken || op === SyntaxKind.AmpersandToken) && (zero(n.getLeft()) || zero(n.getRight())));
}

/** Whether a node is a constant: literals, enum members and prelude conversions of them, nothing a program changes. */
function isConstantNode(n: Node): boolean {
  const idents = [n, ...n.getDescendants()].filter(Node.isIdentifier);
  return idents.every((i) => {
    const d = declarationOf(i);
    return (d !== undefined && (isPrelude(d.getSourceFile()) || Node.isEnumMember(d))) || isMathObject(i) || intrinsicOf(i) === "Math.imul";
  });
}

/**
 * A comparison C compilers see decided by the range of a type (gcc's -Wtype-limits,
 * an error under -Werror): `u8 > 300`, `u32 >= 0`, or a constant expression tsc2c does
 * not fold (gcc folds it, then finds the comparison decided). Refused where the
 * program can say what it means: test for the constant, compare with a variable.
 */
function decidedComparison(node: Node, op: string, left: Node, a: Typed, right: Node, b: Typed, ctx: LowerContext): void {
  // `x < x`, also `int(a ^ b) >= int32(b ^ a)`: gcc's -Wtautological-compare
  if (sameForC(left, right) && !hasEffects(left)) {
    ctx.fail(node, "DecidedComparison", node.getText(), "compares a value with itself", "leave it out, or compare with what you mean");
  }
  for (const [n, v] of [[left, a], [right, b]] as const) {
    if (isInteger(v.t) && v.value === undefined && !Node.isNumericLiteral(n) && (isConstantNode(n) || foldsToZero(n))) {
      ctx.fail(n, "DecidedComparison", n.getText(), "is a constant expression tsc2c does not fold, which C compilers may find decides the comparison (-Wtype-limits)", "give it a const of its own and compare with that");
    }
  }
  // gcc reads `~x` and `x ^ -1` of a narrow unsigned x as a promoted complement, and rejects comparing it with
  // another narrow unsigned value (-Wsign-compare), through any cast: the complement needs a variable of its own
  const complement = (n: Node): boolean => {
    // the narrowest unsigned conversion around it: gcc narrows the operation to that width first
    let width = 32;
    while (Node.isParenthesizedExpression(n) || (Node.isCallExpression(n) && n.getArguments().length === 1 && isConstantNode(n.getExpression()))) {
      if (Node.isCallExpression(n)) {
        const conv = intrinsicOf(n);
        if (conv === "uint8" || conv === "char") width = Math.min(width, 8);
        if (conv === "uint16") width = Math.min(width, 16);
      }
      n = Node.isParenthesizedExpression(n) ? n.getExpression() : n.getArguments()[0]!;
    }
    if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.TildeToken) return true;
    if (!Node.isBinaryExpression(n) || n.getOperatorToken().getKind() !== SyntaxKind.CaretToken) return false;
    // `x ^ -1`, `u8 ^ 255` (all ones of a width) is what gcc reads as a complement, and so is
    // `uint16(x ^ 0x7fffffff)`: narrowed to 16 bits, the constant is all ones
    const ones = (o: Node): boolean => {
      const v = literalValue(o);
      if (v === undefined || !Number.isInteger(v)) return false;
      if (v === -1 || v === 0xff || v === 0xffff || v === 0xffffff || v === 0xffffffff) return true;
      const mask = (1n << BigInt(width)) - 1n;
      return width < 32 && (BigInt(v) & mask) === mask;
    };
    return ones(n.getLeft()) || ones(n.getRight());
  };
  // gcc warns when a side is such a complement and the values narrow to unsigned ones below the comparison's
  // width; a uint32 one counts too, compared as int64 beside a signed one (fuzz seed 11, program 2913)
  if ((complement(left) || complement(right)) && (isNarrowUnsigned(a.t) || isNarrowUnsigned(b.t) || isInt(a.t, "uint32", "size_t") || isInt(b.t, "uint32", "size_t"))) {
    ctx.fail(node, "DecidedComparison", node.getText(), "compares a complement with a narrow unsigned value, which gcc rejects (-Wsign-compare)", "compute the complement into a variable first");
  }
  const check = (x: Typed, c: bigint, flipped: boolean) => {
    const t = base(x.t);
    if (t.k !== "int" || x.value !== undefined) return;
    // char is signed on some targets and unsigned on others: decided under either is refused
    const ranges: [bigint, bigint][] = t.name === "char" ? [[-128n, 127n], [0n, 255n]] : [[intInfo[t.name].min, intInfo[t.name].max]];
    const o = flipped ? ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[op] ?? op : op;
    for (const [lo, hi] of ranges) {
      const always = o === "<" ? (c <= lo ? false : c > hi ? true : undefined)
        : o === "<=" ? (c < lo ? false : c >= hi ? true : undefined)
        : o === ">" ? (c >= hi ? false : c < lo ? true : undefined)
        : o === ">=" ? (c > hi ? false : c <= lo ? true : undefined)
        : o === "==" ? (c < lo || c > hi ? false : undefined)
        : o === "!=" ? (c < lo || c > hi ? true : undefined) : undefined;
      if (always !== undefined) {
        ctx.fail(node, "DecidedComparison", node.getText(), `is always ${always} (a ${t.name} is ${lo}..${hi}), which C compilers reject under -Wtype-limits`, "leave it out, or test what you mean");
      }
    }
  };
  if (b.value !== undefined) check(a, b.value, false);
  if (a.value !== undefined) check(b, a.value, true);
}

function signSafe(a: Typed, b: Typed, ctx: LowerContext): [CExpr, CExpr] {
  // narrower unsigned types promote to int in C, so only 32-bit unsigned operands can mislead
  // a constant >= 0 converts unchanged; a negative one (u > -1) must not become UINT32_MAX
  const signed = (x: Typed) => isInteger(x.t) && !isUnsigned(x.t) && !(x.value !== undefined && x.value >= 0n);
  if ((isUnsigned32(a.t) && signed(b)) || (isUnsigned32(b.t) && signed(a))) {
    ctx.include("<stdint.h>");
    return [cast(named("int64_t"), a.c), cast(named("int64_t"), b.c)];
  }
  return [a.c, b.c];
}

function fold(op: string, a: Typed, b: Typed, t: CType): bigint | undefined {
  if (a.value === undefined || b.value === undefined || !isInteger(t)) return undefined;
  switch (op) {
    case "+": return a.value + b.value;
    case "-": return a.value - b.value;
    case "*": return a.value * b.value;
    default: return undefined;
  }
}

function equality(node: Node, op: "==" | "!=", left: Node, right: Node, ctx: LowerContext): Typed {
  // `p === undefined`: whether an optional argument was left out, which only the binding knows
  const other = isUndefinedValue(right) ? left : isUndefinedValue(left) ? right : undefined;
  const given = other && ctx.extension?.lowerGiven?.(ctx, other);
  if (given) return { c: op === "!=" ? given : { kind: "unary", op: "!", operand: given }, t: BOOL };
  const bound = ctx.extension?.lowerEquality?.(ctx, node, op, left, right);
  if (bound) return bound;
  const a = lowerExpr(left, ctx), b = lowerExpr(right, ctx);
  const ka = base(a.t).k, kb = base(b.t).k;
  if ((ka === "lua" && kb === "null") || (kb === "lua" && ka === "null")) {
    // a binding type: what "present" means is the binding's (a stack index, a registry ref)
    const present = ctx.extension?.lowerPresent?.(ctx, ka === "lua" ? a : b);
    if (!present) return ctx.fail(node, "NullNotPointer");
    return { c: op === "!=" ? present : { kind: "unary", op: "!", operand: present }, t: BOOL };
  }
  if ((ka === "bytes" && kb === "null") || (kb === "bytes" && ka === "null")) {
    // an absent byte string has a NULL pointer
    const v = ka === "bytes" ? a : b;
    return { c: bin(op, member(v.c, "ptr"), id("NULL")), t: BOOL };
  }
  if (ka === "null" || kb === "null") {
    if (!(isPointerLike(a.t) && isPointerLike(b.t))) return ctx.fail(node, "NullNotPointer");
    return { c: bin(op, a.c, b.c), t: BOOL };
  }
  if (ka === "struct" || ka === "bytes" || ka === "cstring" || kb === "struct" || kb === "bytes" || kb === "cstring") {
    return ctx.fail(node, "Comparison", op === "==" ? "===" : "!==");
  }
  if (isNumeric(a.t) && isNumeric(b.t)) {
    decidedComparison(node, op, left, a, right, b, ctx);
    return { c: bin(op, ...signSafe(a, b, ctx)), t: BOOL };
  }
  if (!sameType(base(a.t), base(b.t)) && !(isPointerLike(a.t) && isPointerLike(b.t))) {
    return ctx.fail(node, "MixedOperands", op, describe(a.t), describe(b.t));
  }
  return { c: bin(op, a.c, b.c), t: BOOL };
}

function assign(node: Node, left: Node, right: Node, ctx: LowerContext): Typed {
  const target = lowerExpr(left, ctx);
  const viaExtension = ctx.extension?.lowerAssign?.(ctx, node, target, right);
  if (viaExtension) return { c: viaExtension, t: target.t };
  // C cannot assign arrays; TypeScript would make the variable alias another array
  if (base(target.t).k === "array") return ctx.fail(node, "ArrayCopy", describe(target.t));
  const value = asValue(coerce(lowerExpr(right, ctx, target.t), target.t, right, ctx), target.t);
  return { c: { kind: "assign", op: "=", target: target.c, value }, t: target.t };
}

/**
 * A compound assignment, `++` or `--` of a byte of memory (`p[i]` of a Ptr<uint8>) whose value
 * is not read: the store wraps in C and in TypeScript (a Uint8Array) alike, but TypeScript's
 * `(p[i] += 1)` is the sum before the wrap and C's the byte after it.
 */
function byteStore(node: Node, target: Typed, ctx: LowerContext): boolean {
  if (!target.byteStore) return false;
  let at = node;
  while (Node.isParenthesizedExpression(at.getParent())) at = at.getParent()!;
  const p = at.getParent();
  if (Node.isExpressionStatement(p) || (Node.isForStatement(p) && p.getIncrementor() === at)) return true;
  return ctx.fail(node, "UnsupportedSyntax", "the value of a compound assignment to a byte of memory (TypeScript's is the result before the wrap, C's the byte stored; make it a statement, then read p[i])");
}

function compoundAssign(node: Node, op: string, left: Node, right: Node, ctx: LowerContext): Typed {
  const target = lowerExpr(left, ctx);
  // the operand must fit the target's type (below): a conditional's branches are each converted to it
  const value = lowerExpr(right, ctx, isNumeric(target.t) ? target.t : undefined);
  if (!isNumeric(target.t) || !isNumeric(value.t)) return ctx.fail(node, "MixedOperands", op, describe(target.t), describe(value.t));
  const inner = compound[op]!;
  // a byte of memory (`p[i] |= 0x80` on a Ptr<uint8>) wraps as TypeScript's Uint8Array does, when the result is not read
  const byte = byteStore(node, target, ctx);
  if (byte && (inner === "<<" || inner === ">>" || inner === ">>>")) {
    return ctx.fail(node, "UnsupportedSyntax", `'${op}' on a byte of memory (C shifts the promoted int, TypeScript masks the count; write p[i] = uint8(p[i] ${inner} n))`);
  }
  if (!isWide(target.t) && !byte) return ctx.fail(node, "ImplicitNarrowing", "int", `${describe(target.t)}: write x = ${describe(target.t)}(x ${inner} ...)`);
  if (inner === "/" && isInteger(target.t)) return ctx.fail(node, "IntegerDivision", describe(target.t));
  if (inner === "%" && !isInteger(target.t)) return ctx.fail(node, "MixedOperands", op, describe(target.t), describe(value.t));
  // C's % by 0 or -1 is undefined: only by another constant in place (integerDivision gives the rest a helper)
  if (inner === "%" && (value.value === undefined || value.value === 0n || value.value === -1n)) {
    return ctx.fail(node, "UnsupportedSyntax", `'%=' by a divisor that may be 0 or -1 (write x = x % y)`);
  }
  if (inner === ">>>" || inner === "<<" || inner === ">>" || inner === "&" || inner === "|" || inner === "^") {
    if (!isInteger(target.t) || !isInteger(value.t)) return ctx.fail(node, "MixedOperands", op, describe(target.t), describe(value.t));
    if (!isSigned32(target.t) && !byte) {
      return ctx.fail(node, "ImplicitNarrowing", "int32", `${describe(target.t)}: write x = ${describe(target.t)}(x ${inner} ...)`);
    }
    if (inner === ">>>" || inner === "<<") return ctx.fail(node, "UnsupportedSyntax", `'${op}' (write x = x ${inner} n)`);
  }
  // the operand must fit the target's type, so the result stays in it
  const c = coerce(value, target.t, right, ctx);
  return { c: { kind: "assign", op: op as "+=", target: target.c, value: c }, t: target.t };
}

function incDec(node: Node, operandNode: Node, ctx: LowerContext): Typed {
  const operand = lowerExpr(operandNode, ctx);
  if (!isNumeric(operand.t)) return ctx.fail(node, "MixedOperands", "++", describe(operand.t), "1");
  if (!isWide(operand.t) && !byteStore(node, operand, ctx)) return ctx.fail(node, "ImplicitNarrowing", "int", `${describe(operand.t)}: write x = ${describe(operand.t)}(x + 1)`);
  return operand;
}

export function lowerPrefix(node: Node, ctx: LowerContext): Typed {
  const pe = node.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
  const opKind = pe.getOperatorToken();
  const operandNode = pe.getOperand();
  switch (opKind) {
    case SyntaxKind.PlusPlusToken:
    case SyntaxKind.MinusMinusToken: {
      const o = incDec(node, operandNode, ctx);
      return { c: { kind: "unary", op: opKind === SyntaxKind.PlusPlusToken ? "++" : "--", operand: o.c }, t: o.t };
    }
    case SyntaxKind.ExclamationToken:
      return { c: { kind: "unary", op: "!", operand: lowerCondition(operandNode, ctx) }, t: BOOL };
    case SyntaxKind.MinusToken: {
      const o = lowerExpr(operandNode, ctx);
      if (!isNumeric(o.t)) return ctx.fail(node, "MixedOperands", "-", describe(o.t), "");
      if (o.value !== undefined) return negatedConstant(node, -o.value, ctx);
      const t = isInteger(o.t) ? arithmeticResult(o.t, INT) : o.t;
      return { c: { kind: "unary", op: "-", operand: o.c }, t };
    }
    case SyntaxKind.PlusToken:
      return lowerExpr(operandNode, ctx);
    case SyntaxKind.TildeToken: {
      const o = lowerExpr(operandNode, ctx);
      if (!isInteger(o.t)) return ctx.fail(node, "MixedOperands", "~", describe(o.t), "");
      // a narrow unsigned operand goes through int32_t: C promotes it anyway, and gcc warns when
      // the complement of a promoted unsigned value meets an unsigned one (-Wsign-compare)
      const narrowUnsigned = isNarrowUnsigned(o.t);
      const c: CExpr = { kind: "unary", op: "~", operand: narrowUnsigned ? cast(I32, o.c) : o.c };
      return { c: isUnsigned32(o.t) ? cast(I32, c) : c, t: intType("int32") };
    }
  }
  return ctx.fail(node, "UnsupportedExpression", pe.getText());
}

/**
 * A negated constant as a C literal of its value: `-(-126)` is `126` (not `--126`), the
 * most negative int is `(-2147483647 - 1)` (C reads `-2147483648` as a long), a value
 * above INT_MAX is unsigned; one beyond 32 bits has no C literal tsc2c could give.
 */
function negatedConstant(node: Node, v: bigint, ctx: LowerContext): Typed {
  if (v === -(2n ** 31n)) return { c: bin("-", { kind: "int", text: "-2147483647" }, { kind: "int", text: "1" }), t: INT, value: v };
  if (v >= -(2n ** 31n) && v < 2n ** 31n) return { c: { kind: "int", text: String(v) }, t: INT, value: v };
  if (v > 0n && v < 2n ** 32n) return { c: { kind: "int", text: `${v}u` }, t: intType("uint32"), value: v };
  return ctx.fail(node, "LiteralRange", String(v), "int32 or uint32");
}

export function lowerPostfix(node: Node, ctx: LowerContext): Typed {
  const pe = node.asKindOrThrow(SyntaxKind.PostfixUnaryExpression);
  const o = incDec(node, pe.getOperand(), ctx);
  return { c: { kind: "postfix", op: pe.getOperatorToken() === SyntaxKind.PlusPlusToken ? "++" : "--", operand: o.c }, t: o.t };
}

export function lowerConditional(node: Node, ctx: LowerContext, expected?: CType): Typed {
  const ce = node.asKindOrThrow(SyntaxKind.ConditionalExpression);
  const test = lowerCondition(ce.getCondition(), ctx);
  const a = lowerExpr(ce.getWhenTrue(), ctx, expected), b = lowerExpr(ce.getWhenFalse(), ctx, expected);
  let t: CType;
  if (expected) t = expected;
  else if (isNumeric(a.t) && isNumeric(b.t)) t = arithmeticResult(a.t, b.t);
  else if (base(a.t).k === "null") t = b.t;
  else t = a.t;
  if (a.c.kind === "init" || b.c.kind === "init") {
    return ctx.fail(node, "UnsupportedExpression", "a conditional between object or array literals (C has no such expression): choose field by field");
  }
  return {
    c: { kind: "cond", test, then: coerce(a, t, ce.getWhenTrue(), ctx), else: coerce(b, t, ce.getWhenFalse(), ctx) },
    t,
  };
}

