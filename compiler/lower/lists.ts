import { Node, SyntaxKind, type CallExpression } from "ts-morph";
import { bin, call, cast, exprStmt, id, ifStmt, int, member, named, ptr, ret, type CExpr } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { base, describe, holdsList, intType, isInteger, sameType, toSpec, type CType } from "./ctypes.ts";
import { useListType } from "./helpers.ts";

/**
 * Lists (`T[]`): a view of elements, (pointer, count), as `Bytes` is a view
 * of bytes. A list is made from a FixedArray (all of it, or `a.slice(start,
 * end)` of it) or an array literal, and is read where it is made: passed to a
 * function (a @luaTask function copies it), handed to Lua, its `length` and
 * elements read. No variable, field or plain C function's result may keep
 * one (TSC2C2058), so the memory it views always outlives it.
 */

type List = Extract<CType, { k: "list" }>;
type FixedArray = Extract<CType, { k: "array" }>;

/** `(tsc2c_list){ ptr, len }` */
function listValue(ctx: LowerContext, p: CExpr, len: CExpr, t: List): Typed {
  useListType(ctx);
  return { c: { kind: "compound", type: named("tsc2c_list"), init: { kind: "init", fields: [{ value: p }, { value: len }] } }, t };
}

/** A whole FixedArray as a list of its N elements (the array must have the list's element type). */
export function arrayAsList(ctx: LowerContext, v: Typed, to: List, at: Node): CExpr {
  const a = base(v.t) as FixedArray;
  if (!sameType(a.of, to.of)) return ctx.fail(at, "ImplicitNarrowing", describe(v.t), describe(to));
  return listValue(ctx, v.c, int(a.length), to).c;
}

/** An array literal where a list is expected: `(tsc2c_list){ (T[]){ ... }, n }`, alive to the end of the enclosing block. */
export function listLiteral(ctx: LowerContext, elements: CExpr[], t: List): Typed {
  const array: CExpr = { kind: "compound", type: { kind: "array", of: toSpec(t.of), length: null }, init: { kind: "init", fields: elements.map((value) => ({ value })) } };
  // an empty literal has no C array: a NULL list of 0 elements
  return listValue(ctx, elements.length ? array : id("NULL"), int(elements.length), t);
}

/**
 * `a.slice(start, end)` of a FixedArray<T, N>: the list of its elements
 * start..end-1, clamped as JavaScript clamps them (a negative index counts
 * from the end). `start` is a literal, so the view's pointer is known; `end`
 * may be computed, and goes through tsc2c_slice_len().
 */
export function sliceOf(ctx: LowerContext, ce: CallExpression, arr: Typed, lowerInt: (n: Node) => Typed): Typed {
  const a = base(arr.t) as FixedArray;
  const t: List = { k: "list", of: a.of };
  const [startNode, endNode] = ce.getArguments();
  const clamp = (n: bigint): number => Number(n < 0n ? (BigInt(a.length) + n < 0n ? 0n : BigInt(a.length) + n) : n > BigInt(a.length) ? BigInt(a.length) : n);
  let start = 0;
  if (startNode) {
    const s = lowerInt(startNode);
    if (s.value === undefined) return ctx.fail(startNode, "UnsupportedExpression", "slice(start, end) of a FixedArray takes an integer literal start (end may be computed)");
    start = clamp(s.value);
  }
  const p: CExpr = start ? bin("+", arr.c, int(start)) : arr.c;
  if (!endNode) return listValue(ctx, p, int(a.length - start), t);
  const e = lowerInt(endNode);
  if (!isInteger(e.t)) return ctx.fail(endNode, "DynamicProperty");
  if (e.value !== undefined) return listValue(ctx, p, int(Math.max(clamp(e.value) - start, 0)), t);
  const [endV, startV, n] = [id("end"), id("start"), id("n")];
  const ll = (x: CExpr): CExpr => cast(named("long long"), x);
  ctx.useHelper("tsc2c_slice_len", () => [
    { kind: "blank" },
    {
      kind: "function", ret: named("size_t"), name: "tsc2c_slice_len", isStatic: true,
      doc: "the length of a.slice(start, end) of an array of n elements, end clamped as JavaScript clamps it",
      params: [{ type: named("long long"), name: "end" }, { type: named("size_t"), name: "start" }, { type: named("size_t"), name: "n" }],
      body: [
        ifStmt(bin("<", endV, int(0)), [exprStmt({ kind: "assign", op: "+=", target: endV, value: ll(n) })]),
        ifStmt(bin("<=", endV, ll(startV)), [ret(int(0))]),
        ret({ kind: "cond", test: bin(">", endV, ll(n)), then: bin("-", n, startV), else: bin("-", cast(named("size_t"), endV), startV) }),
      ],
    },
  ]);
  ctx.include("<stddef.h>");
  return listValue(ctx, p, call("tsc2c_slice_len", e.c, int(start), int(a.length)), t);
}

/** `v[i]` of a list: `((T *)v.ptr)[i]`, read-only (a list views memory: TypeScript's slice is a copy, a write would reach the original). */
export function listElement(ctx: LowerContext, node: Node, v: Typed, index: CExpr): Typed {
  const t = base(v.t) as List;
  if (isWritten(node)) return ctx.fail(node, "UnsupportedExpression", `'${node.getText()}' writes an element of a list, which is read-only (it views another array's elements; TypeScript's slice would be a copy)`);
  const p = cast(ptr(toSpec(t.of)), member(v.c, "ptr"));
  return { c: { kind: "index", object: p, index }, t: t.of, ...(base(t.of).k === "struct" ? { structValue: true } : {}) };
}

/** `v.length` of a list: its count. */
export const listLength = (v: Typed): Typed => ({ c: member(v.c, "len"), t: intType("size_t") });

/** Whether `n` (or a field or element under it) is assigned, incremented or has its address taken. */
function isWritten(n: Node): boolean {
  let x = n;
  for (let p = x.getParent(); p; x = p, p = p.getParent()) {
    if ((Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p)) && p.getExpression() === x) continue;
    if (Node.isParenthesizedExpression(p) || Node.isNonNullExpression(p)) continue;
    if (Node.isBinaryExpression(p)) {
      const op = p.getOperatorToken().getKind();
      return p.getLeft() === x && op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
    }
    if (Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) {
      const op = p.getOperatorToken();
      return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
    }
    if (Node.isCallExpression(p) && p.getExpression().getText() === "addr") return true;
    return false;
  }
  return false;
}

/** Refuses keeping a list in `what` (a variable, a field, a plain C function's result) of type `t`. */
export function refuseKeptList(ctx: LowerContext, t: CType, at: Node, what: string): void {
  if (holdsList(t)) ctx.fail(at, "ListKept", what, describe(t));
}
