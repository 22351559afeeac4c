import { Node, type CallExpression } from "ts-morph";
import { call, exprStmt, int, member, type CExpr, type CStmt } from "../../cast/ast.ts";
import { lowerExpr, lowerTo } from "../../lower/expressions.ts";
import { base, INT } from "../../lower/ctypes.ts";
import { intrinsicOf } from "../../load/prelude.ts";
import { useArgHelpers } from "../helpers.ts";
import { callbackCall } from "../callbacks.ts";
import { bufferLive, keepingStackTop, lowerBufferAdd } from "../buffer.ts";
import { mayCallBack } from "../../subset/buffers.ts";
import type { BindState } from "../state.ts";

/**
 * The conversions of a luaError() format, in order ("s" or "d"); undefined when it holds any
 * other (luaL_error knows a few more, but the arguments are typed by these two). "%%" is a percent sign.
 */
function formatKinds(format: string): ("s" | "d")[] | undefined {
  const kinds: ("s" | "d")[] = [];
  for (let i = format.indexOf("%"); i >= 0; i = format.indexOf("%", i + 2)) {
    const c = format[i + 1];
    if (c === "s" || c === "d") kinds.push(c);
    else if (c !== "%") return undefined;
  }
  return kinds;
}

/**
 * `callLua(fn, ...args)`: if the ref is set, push it and the arguments and call it through
 * luaL_pcallx. With `results` 1 (`const r = callLua(...)`) exactly one value is left: the
 * first result, nil when the ref is unset or the call failed.
 */
export function callLuaStatements(s: BindState, expr: CallExpression, results: 0 | 1): CStmt[] {
  const ctx = s.ctx;
  const [fn, ...args] = expr.getArguments();
  const lowered = args.map((a) => lowerExpr(a, ctx));
  const first = lowered[0];
  const call_ = (pushes: CStmt[]): CStmt[] => {
    if (results === 0) return [...pushes, exprStmt(call("luaL_pcallx", s.L(), int(args.length), int(0)))];
    useArgHelpers(ctx, "call_result");
    return [...pushes, exprStmt(call("call_result", s.L(), int(args.length)))];
  };
  const orNil: CStmt[] = results === 1 ? [exprStmt(call("lua_pushnil", s.L()))] : [];
  // a callback whose first argument is a userdata (the usual `(client, ...)`): one shared
  // push_callback() pushes the function and the userdata
  if (first && s.userdataOf(first.t)) {
    const selfRef = member(first.c, "self_ref", base(first.t).k === "ptr");
    const fnRef = lowerExpr(fn!, ctx).c;
    const shared = results === 0 ? callbackCall(ctx, s.L(), fnRef, selfRef, lowered.slice(1)) : undefined;
    if (shared) return shared;
    const rest = lowered.slice(1).flatMap((v, i) => s.pushStmts(v, args[i + 1]!));
    useArgHelpers(ctx, "push_callback");
    return [{
      kind: "if",
      test: call("push_callback", s.L(), fnRef, selfRef),
      then: call_(rest),
      ...(orNil.length ? { else: orNil } : {}),
    }];
  }
  const pushes = lowered.flatMap((v, i) => s.pushStmts(v, args[i]!));
  useArgHelpers(ctx, "push_ref");
  return [{
    kind: "if",
    test: call("push_ref", s.L(), lowerExpr(fn!, ctx).c),
    then: call_(pushes),
    ...(orNil.length ? { else: orNil } : {}),
  }];
}

/** `argError(param, message)`: Lua's "bad argument #n to 'f' (message)", n the parameter's real stack index. */
function argError(s: BindState, expr: CallExpression): CStmt[] {
  const [param, msgNode] = expr.getArguments();
  const b = s.luaFn ? s.paramOf(param!) : undefined;
  if (!b) return s.ctx.fail(expr, "BindingParam", param!.getText(), "argError() takes a parameter of a Lua-facing function");
  return [{ kind: "return", value: call("luaL_argerror", s.L(), s.indexOf(b), lowerTo(msgNode!, { k: "cstring" }, s.ctx)) }];
}

/** `luaError(message, ...args)`: luaL_error, returned from a Lua C function. */
function luaError(s: BindState, expr: CallExpression): CStmt[] {
  const ctx = s.ctx;
  const [msgNode, ...rest] = expr.getArguments();
  const msg = lowerTo(msgNode!, { k: "cstring" }, ctx);
  let err: CExpr;
  if (rest.length > 0) {
    // a format with arguments: one shared message for many call sites (luaL_error formats it)
    const kinds = Node.isStringLiteral(msgNode) ? formatKinds(msgNode.getLiteralValue()) : undefined;
    if (!kinds || kinds.length !== rest.length) {
      return ctx.fail(msgNode!, "UnsupportedExpression", "luaError() with arguments takes a literal format whose %s and %d match them");
    }
    err = call("luaL_error", s.L(), msg, ...rest.map((a, i) => lowerTo(a, kinds[i] === "s" ? { k: "cstring" } : INT, ctx)));
  } else {
    // a literal without '%' is its own format; anything else goes through "%s"
    const plain = Node.isStringLiteral(msgNode) && !msgNode.getLiteralValue().includes("%");
    err = plain ? call("luaL_error", s.L(), msg) : call("luaL_error", s.L(), { kind: "string", bytes: [...Buffer.from("%s")] }, msg);
  }
  return [s.luaFn ? { kind: "return", value: err } : exprStmt(err)];
}

/** The statement intrinsics (callLua, argError, luaError) and a results list's push; undefined for any other expression statement. */
export function lowerBindingStatement(s: BindState, expr: Node): CStmt[] | undefined {
  if (!Node.isCallExpression(expr)) return undefined;
  const pushed = s.results.push(expr);
  if (pushed) return pushed;
  // a call of the program's own that may call Lua back, while a buffer or a results list is built: the top is put back after it
  if ((bufferLive(s, expr) || s.results.liveAt(expr)) && !intrinsicOf(expr)) {
    const callee = expr.getExpression();
    const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    const f = target.getSymbol()?.getDeclarations()[0];
    if (f && (Node.isFunctionDeclaration(f) || Node.isMethodDeclaration(f)) && f.hasBody() && mayCallBack(f)) {
      return keepingStackTop(s, expr, [exprStmt(lowerExpr(expr, s.ctx).c)]);
    }
  }
  switch (intrinsicOf(expr)) {
    case "callLua": return keepingStackTop(s, expr, callLuaStatements(s, expr, 0));
    case "argError": return argError(s, expr);
    case "luaError": return luaError(s, expr);
    case "LuaBuffer.addByte":
    case "LuaBuffer.addBytes":
    case "LuaBuffer.addString":
    case "LuaBuffer.addNumber":
      return lowerBufferAdd(s, expr, intrinsicOf(expr)!);
    default: return undefined;
  }
}
