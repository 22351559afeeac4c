import { Node, SyntaxKind, type CallExpression, type VariableDeclaration } from "ts-morph";
import { call, cast, exprStmt, id, member, named, ptr, type CExpr, type CStmt } from "../cast/ast.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { base, CSTRING, intType } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import { intrinsicOf, preludeTypeNamed } from "../load/prelude.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import type { BindState } from "./state.ts";

/**
 * A LuaBuffer is Lua's luaL_Buffer: `const b = new LuaBuffer()` declares one
 * and inits it on the caller's state, each add method is one luaL_add* call,
 * and `return b.result()` pushes the string (luaL_pushresult). Its pieces live
 * on the Lua stack; subset/buffers.ts has already refused every use that would
 * push something between them and the buffer's next operation.
 */

/** The expression without the parentheses around it. */
function unwrapped(n: Node): Node {
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  return n;
}

/** `b.result()`: a call of the prelude's LuaBuffer.result. */
export function isBufferResult(n: Node): n is CallExpression {
  const x = unwrapped(n);
  return Node.isCallExpression(x) && intrinsicOf(x) === "LuaBuffer.result";
}

/** Whether a returned expression pushes a buffer's result (alone, in a branch, or first of several results). */
export function returnsBuffer(e: Node): boolean {
  const x = unwrapped(e);
  if (isBufferResult(x)) return true;
  if (Node.isConditionalExpression(x)) return returnsBuffer(x.getWhenTrue()) || returnsBuffer(x.getWhenFalse());
  if (Node.isArrayLiteralExpression(x)) return x.getElements().some(returnsBuffer);
  return false;
}

/** The buffer a method call is made on, as `&b`. */
function bufferArg(s: BindState, callNode: CallExpression): CExpr {
  const callee = callNode.getExpression();
  const receiver = Node.isPropertyAccessExpression(callee) ? unwrapped(callee.getExpression()) : undefined;
  const decl = receiver && declarationOf(receiver);
  const info = decl && s.ctx.symbols.get(decl);
  if (!info || base(info.type).k !== "lua") return s.ctx.fail(callNode, "BindingBuffer", callee.getText(), "a LuaBuffer is used through the local it was declared as");
  return { kind: "unary", op: "&", operand: id(info.cname) };
}

/** `const b = new LuaBuffer()`: `luaL_Buffer b; luaL_buffinit(L, &b);`; undefined for any other declaration. */
export function lowerBufferLocal(s: BindState, d: VariableDeclaration): CStmt[] | undefined {
  const init = d.getInitializer();
  if (!init || !Node.isNewExpression(unwrapped(init))) return undefined;
  const created = unwrapped(init) as import("ts-morph").NewExpression;
  if (preludeTypeNamed(created.getExpression()) !== "LuaBuffer") return undefined;
  if (!s.luaFn) return s.ctx.fail(init, "BindingBuffer", `LuaBuffer '${d.getName()}'`, "only in a function Lua calls");
  const cname = sanitizeIdentifier(d.getName());
  s.ctx.symbols.set(d, { cname, type: { k: "lua", what: "buffer" }, kind: "local" });
  return [
    { kind: "decl", type: named("luaL_Buffer"), name: cname },
    exprStmt(call("luaL_buffinit", s.L(), { kind: "unary", op: "&", operand: id(cname) })),
  ];
}

/** `b.addByte(c)`, `b.addBytes(s)`, `b.addBytes(p, n)`, `b.addString(cs)`, `b.addNumber(x)`: one luaL_add* call each. */
export function lowerBufferAdd(s: BindState, callNode: CallExpression, which: string): CStmt[] {
  const ctx = s.ctx;
  const b = bufferArg(s, callNode);
  const args = callNode.getArguments();
  switch (which) {
    case "LuaBuffer.addByte":
      return [exprStmt(call("luaL_addchar", b, lowerTo(args[0]!, intType("uint8"), ctx)))];
    case "LuaBuffer.addString":
      return [exprStmt(call("luaL_addstring", b, lowerTo(args[0]!, CSTRING, ctx)))];
    case "LuaBuffer.addNumber": {
      // pushed as its kind pushes it (an integer as an integer), then written by Lua's own tostring (luaL_addvalue)
      const v = lowerExpr(args[0]!, ctx);
      return [exprStmt(s.pushValue(v, args[0]!)), exprStmt(call("luaL_addvalue", b))];
    }
    case "LuaBuffer.addBytes": {
      if (args.length === 2) {
        const p = lowerExpr(args[0]!, ctx);
        const pb = base(p.t);
        if (pb.k !== "ptr") return ctx.fail(args[0]!, "BindingBuffer", callNode.getExpression().getText(), "addBytes(p, length) takes a pointer to bytes");
        const to = base(pb.to);
        const chars = to.k === "int" && to.name === "char";
        const n = lowerTo(args[1]!, intType("size_t"), ctx);
        return [exprStmt(call("luaL_addlstring", b, chars ? p.c : cast(ptr(named("char", true)), p.c), n))];
      }
      const v = lowerTo(args[0]!, { k: "bytes" }, ctx);
      // a literal's bytes directly; a name's fields; anything else evaluated once, into a temporary
      if (v.kind === "compound" && v.init.kind === "init" && v.init.fields.length === 2 && v.init.fields[0]!.value.kind === "string") {
        return [exprStmt(call("luaL_addlstring", b, v.init.fields[0]!.value, v.init.fields[1]!.value))];
      }
      if (v.kind === "ident" || v.kind === "member") return [exprStmt(call("luaL_addlstring", b, member(v, "ptr"), member(v, "len")))];
      const added = ctx.frameName("added");
      return [{ kind: "block", body: [
        { kind: "decl", type: named("tsc2c_bytes"), name: added, init: v },
        exprStmt(call("luaL_addlstring", b, member(id(added), "ptr"), member(id(added), "len"))),
      ] }];
    }
  }
  return ctx.fail(callNode, "BindingBuffer", callNode.getExpression().getText(), "not a LuaBuffer method");
}

/**
 * A callLua() after a LuaBuffer or a results list was declared in the same
 * function: a callback that fails leaves its error object on the stack
 * (luaL_pcallx, as lua_pcall does), above the buffer's pieces or the list's
 * values, where the buffer's next operation would take it for its own (or
 * Lua for one more result); the top is put back where it was.
 */
export function keepingStackTop(s: BindState, at: Node, stmts: CStmt[]): CStmt[] {
  if (!bufferLive(s, at) && !s.results.liveAt(at)) return stmts;
  const top = s.ctx.frameName("top");
  return [{ kind: "block", body: [
    { kind: "decl", type: named("int"), name: top, init: call("lua_gettop", s.L()) },
    ...stmts,
    exprStmt(call("lua_settop", s.L(), id(top))),
  ] }];
}

/** Where each Lua function's LuaBuffer is declared (undefined: it has none). */
const declaredAt = new WeakMap<Node, number | undefined>();

/** Whether `at` is in a Lua function, after the declaration of its LuaBuffer. */
export function bufferLive(s: BindState, at: Node): boolean {
  const fn = s.luaFn?.node;
  if (!fn) return false;
  if (!declaredAt.has(fn)) {
    const n = fn.getDescendantsOfKind(SyntaxKind.NewExpression).find((x) => preludeTypeNamed(x.getExpression()) === "LuaBuffer");
    declaredAt.set(fn, n?.getStart());
  }
  const start = declaredAt.get(fn);
  return start !== undefined && start < at.getStart();
}

/** Whether a function declares a LuaBuffer (`new LuaBuffer()`, the prelude's class). */
export function hasBuffer(fn: Node): boolean {
  return fn.getDescendantsOfKind(SyntaxKind.NewExpression).some((x) => preludeTypeNamed(x.getExpression()) === "LuaBuffer");
}

/** `return b.result()`: the built string onto the stack (luaL_pushresult). */
export function pushBufferResult(s: BindState, callNode: CallExpression): CStmt[] {
  return [exprStmt(call("luaL_pushresult", bufferArg(s, callNode)))];
}
