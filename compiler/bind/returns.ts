import { Node, SyntaxKind } from "ts-morph";
import { str, bin, call, exprStmt, id, int, type CStmt } from "../cast/ast.ts";
import type { Typed } from "../lower/context.ts";
import { asValue } from "../lower/coerce.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { BOOL, base, describe, isPointerLike, sameType, toSpec } from "../lower/ctypes.ts";
import { isUndefinedValue } from "../lower/symbols.ts";
import type { FunctionModel, ReturnValue } from "./model.ts";
import type { BindState } from "./state.ts";
import { pushClosure } from "./closures.ts";
import { isBufferResult, pushBufferResult, returnsBuffer } from "./buffer.ts";
import { rawValue } from "./values.ts";
import { callLuaStatements } from "./extension/statements.ts";
import { intrinsicOf } from "../load/prelude.ts";

/** Results pushed without luaL_checkstack(): Lua guarantees a C function LUA_MINSTACK (20) free slots, some for the body. */
const RESULTS_WITHOUT_CHECKSTACK = 8;

/** The label of a Lua C function's one push of its result (the one-exit size policy). */
export const EXIT_LABEL = "push_result";

/**
 * `return e` in a Lua C function: its values pushed, then their count
 * returned. A tuple type returns `[a, b]` (an array literal of as many
 * values); `T | null` pushes nil for `null`, and for the null branch of
 * `c ? v : null`. With `result` (the one-exit policy), a single computed value
 * is stored there and pushed at the function's one exit instead.
 */
export function luaReturn(s: BindState, fm: FunctionModel, e: Node | undefined, result: string | undefined): CStmt[] {
  const ctx = s.ctx;
  const values = fm.returns.values;
  if (!e) return [{ kind: "return", value: int(0) }];
  // `return f()` in a function that returns nothing: f is called, Lua gets no value
  if (!values.length && !fm.returns.rest) return [exprStmt(lowerExpr(e, ctx).c), { kind: "return", value: int(0) }];
  // a rest of values: the results list spread in its place
  const spread = fm.returns.rest ? s.results.returned(e, (x, i) => pushOne(s, x, values[i]!)) : undefined;
  if (spread) return spread;
  const exprs = fm.returns.tuple ? tupleElements(s, e, values.length) : [e];
  // a LuaBuffer's string is pushed where it is returned: its pieces are on top of the stack there
  if (result !== undefined && !values[0]!.nullable && !returnsBuffer(exprs[0]!)) {
    const v = values[0]!;
    return [exprStmt({ kind: "assign", op: "=", target: id(result), value: asValue(lowerTo(e, v.t, ctx), v.t) }), { kind: "goto", label: EXIT_LABEL }];
  }
  const room: CStmt[] = values.length > RESULTS_WITHOUT_CHECKSTACK ? [exprStmt(call("luaL_checkstack", s.L(), int(values.length), str("too many results")))] : [];
  return [...room, ...exprs.flatMap((x, i) => pushOne(s, x, values[i]!)), { kind: "return", value: int(values.length) }];
}

/** The values of `return [a, b]` for a tuple return type of `n` values. */
function tupleElements(s: BindState, e: Node, n: number): Node[] {
  let x = e;
  while (Node.isParenthesizedExpression(x)) x = x.getExpression();
  const elements = Node.isArrayLiteralExpression(x) ? x.getElements() : undefined;
  if (!elements || elements.length !== n || elements.some((el) => Node.isSpreadElement(el) || Node.isOmittedExpression(el))) {
    return s.ctx.fail(e, "BindingReturn", e.getText(), `this function returns ${n} values: return them as an array literal, [${Array.from({ length: n }, (_, i) => `v${i + 1}`).join(", ")}]`);
  }
  return elements;
}

/** `null` (or `undefined`) as a value. */
function isNull(x: Node): boolean {
  return x.getKind() === SyntaxKind.NullKeyword || isUndefinedValue(x);
}

/** One returned value onto the stack: nil for a null of a `T | null` value. */
function pushOne(s: BindState, e: Node, v: ReturnValue): CStmt[] {
  const ctx = s.ctx;
  let x = e;
  while (Node.isParenthesizedExpression(x)) x = x.getExpression();
  if (isBufferResult(x)) return pushBufferResult(s, x);
  // `c ? b.result() : s`: each branch pushes as itself
  if (Node.isConditionalExpression(x) && !v.nullable && (returnsBuffer(x.getWhenTrue()) || returnsBuffer(x.getWhenFalse()))) {
    return [{ kind: "if", test: lowerTo(x.getCondition(), BOOL, ctx), then: pushOne(s, x.getWhenTrue(), v), else: pushOne(s, x.getWhenFalse(), v) }];
  }
  if (v.nullable) {
    const nil = exprStmt(call("lua_pushnil", s.L()));
    if (isNull(x)) return [nil];
    if (Node.isConditionalExpression(x) && (isNull(x.getWhenTrue()) || isNull(x.getWhenFalse()))) {
      const nullWhenTrue = isNull(x.getWhenTrue());
      const other = nullWhenTrue ? x.getWhenFalse() : x.getWhenTrue();
      const pushed = isNull(other) ? [nil] : pushOne(s, other, v);
      return [{ kind: "if", test: lowerTo(x.getCondition(), BOOL, ctx), then: nullWhenTrue ? [nil] : pushed, else: nullWhenTrue ? pushed : [nil] }];
    }
  }
  // `return callLua(fn, ...)`: the call leaves its first result (nil when it failed), the value returned
  if (Node.isCallExpression(x) && intrinsicOf(x) === "callLua" && base(v.t).k === "lua") return callLuaStatements(s, x, 1);
  // an arrow function: a C closure of its own (a LuaFunction argument is pushed as the same value, below)
  if (v.lua === "function" && Node.isArrowFunction(x)) return pushClosure(s, x, v);
  let value: Typed;
  if (v.lua === "userdata") {
    // the object itself (a pointer to its struct), pushed as the userdata Lua holds
    value = lowerExpr(x, ctx);
    if (s.userdataOf(value.t) !== s.userdataOf(v.t)) return ctx.fail(e, "BindingReturn", e.getText(), `the function returns a ${v.node.getText()}`);
  } else if (base(v.t).k === "lua") {
    // the same Lua value: a LuaValue as it is held (not as narrowed), anything else as its own kind pushes it
    value = (base(v.t) as { what: string }).what === "value" ? (rawValue(s, x) ?? lowerExpr(x, ctx)) : lowerExpr(x, ctx);
  } else if (v.lua === "table") value = tableOf(s, x, v);
  else value = { c: asValue(lowerTo(x, v.t, ctx), v.t), t: v.t };
  // a pointer (an object, a C string) that may be NULL: nil then
  if (!v.nullable || !isPointerLike(base(value.t))) return s.pushStmts(value, e);
  const simple = value.c.kind === "ident" || value.c.kind === "member";
  const p = simple ? value.c : id(ctx.frameName("returned"));
  const test: CStmt = { kind: "if", test: bin("!=", p, id("NULL")), then: s.pushStmts({ ...value, c: p }, e), else: [exprStmt(call("lua_pushnil", s.L()))] };
  return simple ? [test] : [{ kind: "block", body: [{ kind: "decl", type: toSpec(value.t), name: (p as { name: string }).name, init: value.c }, test] }];
}

/**
 * A returned table's value: a literal is built as the return type says; a
 * local, field or parameter of that type is read where it is (no copy: its
 * push helper reads it by address).
 */
function tableOf(s: BindState, x: Node, v: ReturnValue): Typed {
  const ctx = s.ctx;
  // a list: a literal, a FixedArray, a slice of one or a list, each pushed where it is made
  if (base(v.t).k === "list") return { c: lowerTo(x, v.t, ctx), t: v.t };
  if (Node.isObjectLiteralExpression(x) || Node.isArrayLiteralExpression(x)) return { c: lowerTo(x, v.t, ctx), t: v.t, structValue: true };
  const value = lowerExpr(x, ctx);
  if (!sameType(value.t, v.t)) return ctx.fail(x, "BindingReturn", describe(value.t), `the function returns a ${v.node.getText()}`);
  return value;
}
