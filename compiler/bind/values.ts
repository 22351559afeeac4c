import { Node, SyntaxKind, ts, type Block, type CallExpression, type VariableDeclaration } from "ts-morph";
import { bin, call, exprStmt, id, int, not, type CExpr, type CStmt } from "../cast/ast.ts";
import type { Typed } from "../lower/context.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { base, BOOL, DOUBLE, INT, toSpec, type CType } from "../lower/ctypes.ts";
import { declarationOf, isUndefinedValue } from "../lower/symbols.ts";
import { isReferenced, localScope } from "../lower/unused.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { intrinsicOf, isBytesType, preludeTypeOfType } from "../load/prelude.ts";
import { luaTypeOfValue } from "./kinds/index.ts";
import type { BindState } from "./state.ts";
import { isPairsLoop } from "../subset/pairs.ts";

/**
 * LuaValue in function bodies (docs/modules.md, "Any Lua value: LuaValue").
 * A LuaValue is held by its stack index: a parameter's (checked present at
 * entry), an element of the rest parameter's (0, read as nil, past the
 * last), or the slot callLua()'s result was left in. A test (isNumber(),
 * `r === true`) reads its Lua type; after TypeScript narrowed it, it reads as
 * that type (lua_tonumber, the string's bytes, lua_toboolean, or a table or
 * function by its index).
 */

const VALUE: CType = { k: "lua", what: "value" };

/** `x` of C type LuaValue, LuaFunction or LuaTable: held by its stack index. */
function isIndexed(t: CType): boolean {
  const b = base(t);
  return b.k === "lua" && (b.what === "value" || b.what === "function" || b.what === "table");
}

/** The rest parameter an identifier names, with where its arguments start and the C local counting them. */
function restOf(s: BindState, node: Node): { first: number; count: string } | undefined {
  const b = s.paramOf(node);
  return b?.rest;
}

/**
 * A LuaValue as its stack index, whatever TypeScript narrowed it to: a
 * LuaValue parameter, a local holding one (a vararg, callLua()'s result), or
 * an element of the rest parameter; undefined for anything else.
 */
export function rawValue(s: BindState, node: Node): Typed | undefined {
  let x = node;
  while (Node.isParenthesizedExpression(x) || Node.isNonNullExpression(x)) x = x.getExpression();
  if (Node.isElementAccessExpression(x)) return varargElement(s, x);
  if (!Node.isIdentifier(x)) return undefined;
  const b = s.paramOf(x);
  if (b) {
    const only = b.locals.size === 1 ? [...b.locals.entries()][0]! : undefined;
    if (!only || only[0] !== "value") return undefined;
    // a required argument at a fixed index: the index itself, no local
    if (b.index.kind === "int") return { c: b.index, t: VALUE };
    s.luaFn!.usedIndex.add(only[1].cname);
    return { c: id(only[1].cname), t: VALUE };
  }
  const d = declarationOf(x);
  const info = d && s.ctx.symbols.get(d);
  // a local holding one, or a LuaValue parameter of a plain C function (the caller's index)
  if (!info || (info.kind !== "local" && info.kind !== "param") || !isIndexed(info.type) || (base(info.type) as { what: string }).what !== "value") return undefined;
  if (s.luaFn === undefined) s.L(); // a plain function reading a value uses the Lua state
  return { c: id(info.cname), t: VALUE };
}

/** `args[i]`: its stack index, 0 past the last argument (nil). */
function varargElement(s: BindState, node: Node): Typed | undefined {
  if (!Node.isElementAccessExpression(node)) return undefined;
  const rest = restOf(s, node.getExpression());
  if (!rest) return undefined;
  s.luaFn!.usedIndex.add(rest.count);
  const arg = node.getArgumentExpressionOrThrow();
  const i = lowerExpr(arg, s.ctx);
  if (!(base(i.t).k === "int" || base(i.t).k === "enum")) return s.ctx.fail(arg, "DynamicProperty");
  // a literal index needs no helper: `args_n > 1 ? 3 : 0`
  if (i.value !== undefined && i.value >= 0n) {
    return { c: { kind: "cond", test: bin(">", id(rest.count), i.c), then: int(rest.first + Number(i.value)), else: int(0) }, t: VALUE };
  }
  s.useHelper("vararg_index");
  return { c: call("vararg_index", int(rest.first), id(rest.count), lowerTo(arg, INT, s.ctx)), t: VALUE };
}

/** The Lua type test of `what` on a value of C type `t` at `v`. */
function testType(s: BindState, v: CExpr, luaType: string): CExpr {
  return bin("==", luaTypeOfValue(s.ctx, s.L(), v), id(luaType));
}

/**
 * A LuaValue read as the type TypeScript narrowed it to at `node`: a number
 * (lua_tonumber), a string (its bytes, valid while the value stays on the
 * stack), a boolean, a table or function (its index); not narrowed, the
 * value itself.
 */
export function narrowedRead(s: BindState, node: Node, raw: Typed): Typed {
  const t = node.getType();
  const L = s.L();
  // not narrowed to one type: unknown, or what a comparison left of it (`{} | undefined` after `v === null` was false)
  const vague = (u: import("ts-morph").Type) => u.isUnknown() || u.isNull() || u.isUndefined() || u.getText() === "{}";
  if (vague(t) || (t.isUnion() && t.getUnionTypes().every(vague))) return raw;
  if (t.isNumber() || t.isNumberLiteral()) return { c: call("lua_tonumber", L, raw.c), t: DOUBLE };
  if (t.isBoolean() || t.isBooleanLiteral()) return { c: call("lua_toboolean", L, raw.c), t: BOOL };
  if (isBytesType(t, node)) {
    s.useHelper("slot_bytes");
    return { c: call("slot_bytes", L, raw.c), t: { k: "bytes" } };
  }
  const prelude = preludeTypeOfType(t, node);
  if (prelude === "LuaFunction") return { c: raw.c, t: { k: "lua", what: "function" } };
  if (prelude === "LuaTable" || (t.getFlags() & ts.TypeFlags.NonPrimitive) !== 0) return { c: raw.c, t: { k: "lua", what: "table" } };
  return s.ctx.fail(node, "BindingParam", node.getText(), `a LuaValue is read after isNumber(), isString(), isBoolean(), isTable() or isFunction() narrowed it to one type (it is ${t.getText()})`);
}

/** An identifier or `args[i]` that is a LuaValue, read as narrowed; undefined for anything else. */
export function lowerValue(s: BindState, node: Node): Typed | undefined {
  const raw = rawValue(s, node);
  return raw && narrowedRead(s, node, raw);
}

/** `args.length` and `args[i]` of the rest parameter; undefined for any other access. */
export function lowerValueAccess(s: BindState, node: Node): Typed | undefined {
  if (Node.isPropertyAccessExpression(node)) {
    const rest = restOf(s, node.getExpression());
    if (!rest) return undefined;
    if (node.getName() !== "length") return s.ctx.fail(node, "DynamicProperty");
    s.luaFn!.usedIndex.add(rest.count);
    return { c: id(rest.count), t: INT };
  }
  if (!Node.isElementAccessExpression(node) || !restOf(s, node.getExpression())) return undefined;
  // the arguments are Lua's: read, never written
  const parent = node.getParent();
  if ((Node.isBinaryExpression(parent) && parent.getLeft() === node && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment)
    || Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
    return s.ctx.fail(node, "BindingParam", `...${node.getExpression().getText()}`, "the varargs are Lua's arguments: read them, keep one in a LuaValue field");
  }
  return lowerValue(s, node);
}

/** The rest parameter named on its own (passed on, assigned): only its length and elements are values. */
export function bareRest(s: BindState, node: Node): Typed | undefined {
  if (!restOf(s, node)) return undefined;
  const parent = node.getParent();
  if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === node) return undefined;
  return s.ctx.fail(node, "BindingParam", `...${node.getText()}`, `the varargs are read as ${node.getText()}.length and ${node.getText()}[i]`);
}

/** isNumber() and the other type tests on a LuaValue; undefined when `arg` is none. */
export function valueTypeTest(s: BindState, arg: Node, luaType: string): Typed | undefined {
  const raw = rawValue(s, arg);
  if (!raw) return undefined;
  return { c: testType(s, raw.c, luaType), t: BOOL };
}

/** `null`, `undefined`, `true`, `false` or a number literal. */
function literalOf(n: Node): "nil" | "true" | "false" | "number" | undefined {
  let x = n;
  while (Node.isParenthesizedExpression(x)) x = x.getExpression();
  if (x.getKind() === SyntaxKind.NullKeyword || isUndefinedValue(x)) return "nil";
  if (x.getKind() === SyntaxKind.TrueKeyword) return "true";
  if (x.getKind() === SyntaxKind.FalseKeyword) return "false";
  if (Node.isNumericLiteral(x) || (Node.isPrefixUnaryExpression(x) && x.getOperatorToken() === SyntaxKind.MinusToken && Node.isNumericLiteral(x.getOperand()))) return "number";
  return undefined;
}

/**
 * `v === true`, `v !== null`, `v === 3` with v a LuaValue TypeScript has not
 * narrowed: its Lua type, and the value for a boolean or number. Undefined
 * when neither side is such a value.
 */
export function valueEquality(s: BindState, node: Node, op: "==" | "!=", left: Node, right: Node): Typed | undefined {
  let raw = rawValue(s, left);
  const other = raw ? right : left;
  raw ??= rawValue(s, right);
  if (!raw) return undefined;
  const lit = literalOf(other);
  const L = s.L();
  let test: CExpr;
  switch (lit) {
    case "nil": test = testType(s, raw.c, "LUA_TNIL"); break;
    case "true": test = bin("&&", testType(s, raw.c, "LUA_TBOOLEAN"), call("lua_toboolean", L, raw.c)); break;
    case "false": test = bin("&&", testType(s, raw.c, "LUA_TBOOLEAN"), not(call("lua_toboolean", L, raw.c))); break;
    case "number": test = bin("&&", testType(s, raw.c, "LUA_TNUMBER"), bin("==", call("lua_tonumber", L, raw.c), lowerTo(other, DOUBLE, s.ctx))); break;
    default:
      return s.ctx.fail(node, "UnsupportedExpression", "a LuaValue is compared with true, false, null, undefined or a number literal; narrow it first (isString(v), then equals(v, \"...\"))");
  }
  return { c: op === "==" ? test : not(test), t: BOOL };
}

/** `const r = callLua(fn, ...)`: the declaration of a callLua() result. */
export function isCallResult(d: Node): d is VariableDeclaration {
  if (!Node.isVariableDeclaration(d)) return false;
  let init = d.getInitializer();
  while (init && Node.isParenthesizedExpression(init)) init = init.getExpression();
  return init !== undefined && Node.isCallExpression(init) && intrinsicOf(init) === "callLua";
}

/** The callLua() results declared directly in a block, before `before` when given. */
function resultsIn(block: Node, before?: Node): number {
  if (!Node.isBlock(block)) return 0;
  let n = 0;
  for (const st of block.getStatements()) {
    if (before && st.getStart() >= before.getStart()) break;
    if (Node.isVariableStatement(st)) n += st.getDeclarations().filter(isCallResult).length;
  }
  return n;
}

/**
 * `const r = callLua(fn, ...)`: the call leaves exactly one value, its first
 * result (nil when the ref is unset or the call failed), and `r` is that
 * slot's stack index. The block it is declared in pops it at its end, and so
 * does a jump out of the block (callResultPops).
 */
export function callResultDeclaration(s: BindState, d: VariableDeclaration, lowerCall: (expr: CallExpression, results: 0 | 1) => CStmt[]): CStmt[] {
  const ctx = s.ctx;
  const init = d.getInitializerOrThrow();
  const block = d.getParentOrThrow().getParentOrThrow().getParent();
  if (!block || !Node.isBlock(block)) {
    return ctx.fail(d, "UnsupportedExpression", "callLua()'s result is kept in a const declared in a block: const r = callLua(fn, ...)");
  }
  // pairs() reads its key and value relative to the top of the stack: no slot may be pushed above them
  if (d.getAncestors().some((a) => isPairsLoop(a) && a.getFirstAncestor((f) => Node.isFunctionLikeDeclaration(f)) === d.getFirstAncestor((f) => Node.isFunctionLikeDeclaration(f)))) {
    return ctx.fail(d, "UnsupportedExpression", "callLua()'s result inside a pairs() loop (the walk reads its key and value at the top of the stack): call it in a function of its own");
  }
  if (d.getTypeNode() && !(cTypeIsValue(d))) return ctx.fail(d.getTypeNodeOrThrow(), "UnsupportedExpression", "callLua()'s result is a LuaValue");
  if (!isReferenced(d, localScope(d))) ctx.error(d, "UnusedDeclaration", "local", d.getName());
  let inner: Node = init;
  while (Node.isParenthesizedExpression(inner)) inner = inner.getExpression();
  const stmts = lowerCall(inner as CallExpression, 1);
  const cname = sanitizeIdentifier(d.getName());
  ctx.symbols.set(d, { cname, type: VALUE, kind: "local" });
  return [...stmts, { kind: "decl", type: toSpec(VALUE), name: cname, init: call("lua_gettop", s.L()) }];
}

/** A declaration's annotation is LuaValue. */
function cTypeIsValue(d: VariableDeclaration): boolean {
  const tn = d.getTypeNode();
  return !tn || tn.getType().isUnknown();
}

/** Pops the callLua() results a block declared, at its end (unless it ends in a jump, which popped them). */
export function callResultsAtEnd(s: BindState, block: Node, lowered: CStmt[]): CStmt[] {
  const n = resultsIn(block);
  if (!n) return lowered;
  // a Lua C function's own body: returning drops what is below the results
  if (s.luaFn && block.getParent() === s.luaFn.node) return lowered;
  if (endsInJump(lowered)) return lowered;
  return [...lowered, exprStmt(call("lua_pop", s.L(), int(n)))];
}

/** Statements that end in a jump (a return that popped first is a block ending in one). */
function endsInJump(body: CStmt[]): boolean {
  const last = [...body].reverse().find((st) => st.kind !== "line");
  if (last?.kind === "block") return endsInJump(last.body);
  return last !== undefined && (last.kind === "return" || last.kind === "break" || last.kind === "continue" || last.kind === "goto");
}

/**
 * The callLua() results a break, continue or return leaves behind: those
 * declared before it in the blocks it leaves (a return in a Lua C function
 * leaves them under its results, which is fine).
 */
export function callResultPops(s: BindState, jump: Node): number {
  let target: Node | undefined;
  if (Node.isReturnStatement(jump)) {
    if (s.luaFn) return 0;
    target = jump.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  } else {
    const isBreak = Node.isBreakStatement(jump);
    const loop = jump.getFirstAncestor((p) => Node.isIterationStatement(p) || (isBreak && Node.isSwitchStatement(p)));
    // a continue stays in the loop: the loop's own body block is left for its next turn too
    target = loop;
  }
  let n = 0;
  for (let at: Node = jump, p = jump.getParent(); p && p !== target; at = p, p = p.getParent()) n += resultsIn(p, at);
  return n;
}

/** `block` is a function's body. */
export function isFunctionBody(block: Node): block is Block {
  return Node.isBlock(block) && Node.isFunctionLikeDeclaration(block.getParent());
}
