import { Node, type CallExpression } from "ts-morph";
import { bin, call, id, int, member } from "../../cast/ast.ts";
import type { Typed } from "../../lower/context.ts";
import { lowerExpr } from "../../lower/expressions.ts";
import { BOOL, INT } from "../../lower/ctypes.ts";
import { declarationOf } from "../../lower/symbols.ts";
import { intrinsicOf } from "../../load/prelude.ts";
import { useArgHelpers } from "../helpers.ts";
import type { BindState } from "../state.ts";
import type { LuaTask } from "../luatask.ts";
import { valueTypeTest } from "../values.ts";

/** `cstr(s)`: a Lua string's pointer (Lua keeps a NUL after it); of `refBytes(r)`, the held string's. */
function cstr(s: BindState, inner: Node): Typed {
  const ctx = s.ctx;
  // cstr(refBytes(r)): the held string's pointer only, no (pointer, length) pair returned
  if (Node.isCallExpression(inner) && intrinsicOf(inner) === "refBytes") {
    useArgHelpers(ctx, "ref_string");
    return { c: call("ref_string", s.L(), lowerExpr(inner.getArguments()[0]!, ctx).c), t: { k: "cstring" } };
  }
  return s.walks.cstring(inner) ?? { c: member(lowerExpr(inner, ctx).c, "ptr"), t: { k: "cstring" } };
}

/** `equals(s, "literal")`: a length test and a memcmp(). */
function equals(s: BindState, node: CallExpression, args: Node[]): Typed {
  const v = lowerExpr(args[0]!, s.ctx);
  const lit = args[1];
  if (!lit || !Node.isStringLiteral(lit)) return s.ctx.fail(node, "UnsupportedExpression", "equals() compares with a string literal");
  const bytes = [...Buffer.from(lit.getLiteralValue())];
  return {
    c: bin("&&", bin("==", member(v.c, "len"), int(bytes.length)), bin("==", call("memcmp", member(v.c, "ptr"), { kind: "string", bytes }, int(bytes.length)), int(0))),
    t: BOOL,
  };
}

/** The Lua type each test intrinsic tests for. */
const TESTED = { isTable: "LUA_TTABLE", isString: "LUA_TSTRING", isNumber: "LUA_TNUMBER", isBoolean: "LUA_TBOOLEAN", isFunction: "LUA_TFUNCTION", isNil: "LUA_TNIL" } as const;

/** isTable(v), isString(v), isNumber(v)...: the Lua type of a LuaValue, a union parameter or a pairs() key or value. */
function typeTest(s: BindState, node: CallExpression, arg: Node, which: keyof typeof TESTED): Typed {
  const luaType = TESTED[which];
  const slot = s.walks.typeTest(arg, luaType);
  if (slot) return slot;
  const value = valueTypeTest(s, arg, luaType);
  if (value) return value;
  const b = s.paramOf(arg);
  if (!b?.typeLocal || (which !== "isTable" && which !== "isString")) return s.ctx.fail(node, "BindingParam", arg.getText(), `${which}() tests a LuaValue, a union parameter or a pairs() key or value`);
  s.luaFn!.usedIndex.add(b.typeLocal);
  return { c: bin("==", id(b.typeLocal), id(luaType)), t: BOOL };
}

/**
 * The expression intrinsics of lua.d.ts (refBytes, cstr, equals, argIndex, the
 * type tests) and calls of @luaTask functions (posted to the Lua task, not
 * called); undefined for any other call.
 */
export function lowerBindingCall(s: BindState, node: CallExpression, args: Node[]): Typed | undefined {
  const ctx = s.ctx;
  const which = intrinsicOf(node);
  switch (which) {
    case "refBytes":
      useArgHelpers(ctx, "ref_bytes");
      return { c: call("ref_bytes", s.L(), lowerExpr(args[0]!, ctx).c), t: { k: "bytes" } };
    case "cstr":
      return cstr(s, args[0]!);
    case "equals":
      return equals(s, node, args);
    case "argIndex": {
      // where a parameter's value is on the Lua stack (0: absent), for luaL_argerror's "bad argument #n"
      const b = s.luaFn ? s.paramOf(args[0]!) : undefined;
      if (!b) return ctx.fail(node, "BindingParam", args[0]!.getText(), "argIndex() takes a parameter of a Lua-facing function");
      return { c: s.indexOf(b), t: INT };
    }
    case "isTable":
    case "isString":
    case "isNumber":
    case "isBoolean":
    case "isFunction":
    case "isNil":
      return typeTest(s, node, args[0]!, which);
    case "pairs":
      return ctx.fail(node, "UnsupportedExpression", "pairs() is only allowed as the table of for (const [key, value] of pairs(t))");
    case "LuaBuffer.addByte":
    case "LuaBuffer.addBytes":
    case "LuaBuffer.addString":
    case "LuaBuffer.addNumber":
    case "LuaBuffer.result":
      // the add methods are statements, result() a return's first value (bind/returns.ts)
      return ctx.fail(node, "BindingBuffer", node.getExpression().getText(), "add methods are statements, and result() is only returned: return b.result()");
    case "callLua":
      // its result is a slot on the Lua stack: it lives as long as a block's const
      return ctx.fail(node, "UnsupportedExpression", "callLua()'s result is kept in a const of its own first: const r = callLua(fn, ...)");
    case "posted": {
      // whether the post of a @luaTask call succeeded: the call's own C value
      let inner: Node = args[0]!;
      while (Node.isParenthesizedExpression(inner)) inner = inner.getExpression();
      const task = Node.isCallExpression(inner) ? taskOf(s, inner) : undefined;
      if (!task) return ctx.fail(args[0]!, "UnsupportedExpression", "posted() takes a call of a @luaTask function");
      return task.lowerPost(inner as CallExpression, ctx);
    }
  }
  return taskOf(s, node)?.lowerPost(node, ctx);
}

/** The @luaTask function a call calls, if it calls one. */
function taskOf(s: BindState, node: CallExpression): LuaTask | undefined {
  const callee = node.getExpression();
  const decl = Node.isIdentifier(callee) ? declarationOf(callee) : undefined;
  return decl && s.taskByDecl.get(decl);
}
