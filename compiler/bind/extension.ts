import { Node, SyntaxKind, type CallExpression } from "ts-morph";
import { bin, call, exprStmt, id, int, member, type CExpr } from "../cast/ast.ts";
import type { LoweringExtension } from "../lower/context.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { base, BOOL, INT } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import { useArgHelpers } from "./helpers.ts";
import { fieldsLocal } from "./args.ts";
import { callbackCall } from "./callbacks.ts";
import type { BindState } from "./state.ts";
import { isPrelude } from "../load/project.ts";

/** A declaration of the prelude (lua.d.ts or c.d.ts): the binding's intrinsics live there. */
const isLuaPrelude = (d: import("ts-morph").Node): boolean => isPrelude(d.getSourceFile());

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

/** `this.f = ...` as the constructor body's first statement-level assignment of `this.f`. */
function firstCtorAssignment(node: Node, body: Node | undefined): boolean {
  if (!body || !Node.isBinaryExpression(node) || !Node.isExpressionStatement(node.getParent()) || node.getParent()!.getParent() !== body) return false;
  const target = node.getLeft().getText();
  if (!target.startsWith("this.")) return false;
  return !body.getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .some((b) => b.getStart() < node.getStart() && b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && b.getLeft().getText() === target);
}

/** True inside `if (x !== null) ...` (its then branch) for that same `x`: the argument is known to be there. */
function testedPresent(x: Node): boolean {
  const decl = declarationOf(x);
  for (let n: Node | undefined = x; n; n = n.getParent()) {
    const parent = n.getParent();
    if (!parent || !Node.isIfStatement(parent) || parent.getThenStatement() !== n) continue;
    const test = parent.getExpression();
    if (Node.isBinaryExpression(test) && test.getOperatorToken().getText() === "!==" && test.getRight().getKind() === SyntaxKind.NullKeyword
      && declarationOf(test.getLeft()) === decl) return true;
  }
  return false;
}

/** The name of the prelude's Lua intrinsic (lua.d.ts) a call calls, by its declaration: a user's `equals` is not one. */
function luaIntrinsic(ce: CallExpression): string | undefined {
  const callee = ce.getExpression();
  if (!Node.isIdentifier(callee)) return undefined;
  const d = declarationOf(callee);
  return d && isLuaPrelude(d) ? callee.getText() : undefined;
}

/**
 * How the binding gives meaning to the Lua types and intrinsics inside the
 * core lowering: `L`, union parameters, assignments to LuaRef fields,
 * callLua/luaError statements, refBytes/cstr/equals/isTable/isString/argIndex calls,
 * and calls to @luaTask functions (posted, not called).
 */
export function bindingExtension(s: BindState): LoweringExtension {
  const ctx = s.ctx;
  return {
    lowerIdentifier(_ctx, node) {
      const name = node.getText();
      const d = declarationOf(node);
      const fromPrelude = d !== undefined && isLuaPrelude(d);
      if (name === "LUA_NOREF" && fromPrelude) return { c: id("LUA_NOREF"), t: { k: "lua", what: "ref" } };
      if (name === "L" && fromPrelude) return { c: s.L(), t: { k: "lua", what: "state" } };
      const slot = s.walks.identifier(node);
      if (slot) return slot;
      const b = s.paramOf(node);
      if (!b) return undefined;
      if (b.locals.size < 2) {
        s.luaFn!.usedIndex.add([...b.locals.values()][0]!.cname);
        return undefined;
      }
      // a union parameter: TypeScript's narrowed type says which member this use means
      const tsType = node.getType();
      const pick = tsType.isBoolean() || tsType.isBooleanLiteral() ? "flag"
        : tsType.isNumber() ? "int"
        : tsType.getSymbol()?.getName() === "Bytes" || tsType.getAliasSymbol()?.getName() === "LuaString" ? "string"
        : tsType.getSymbol()?.getName() === "LuaTable" ? "table"
        : tsType.getSymbol()?.getName() === "LuaFunction" ? "function" : "struct";
      const l = b.locals.get(pick as never);
      if (!l) return ctx.fail(node, "BindingParam", name, `use isTable()/isString() to narrow the union first (got ${tsType.getText()})`);
      s.luaFn!.usedIndex.add(l.cname);
      return { c: id(l.cname), t: l.t, ...(base(l.t).k === "struct" ? { structValue: true } : {}) };
    },

    lowerAssign(_ctx, node, target, value) {
      if (base(target.t).k !== "lua" || (base(target.t) as { what: string }).what !== "ref") return undefined;
      const ref = { kind: "unary" as const, op: "&" as const, operand: target.c };
      const set = (index: CExpr) => call("luaX_set_ref", s.L(), index, ref);
      const unset = () => call("luaX_unset_ref", s.L(), ref);
      // a stack index that is 0 when the argument was absent
      // in the constructor, a ref field assigned for the first time is still unset: an absent argument leaves it so
      const fresh = firstCtorAssignment(node, s.luaFn?.ctorBody);
      // kept when given, released when absent: one shared opt_ref() call instead of both branches at each site
      const setOrUnset = (index: CExpr): CExpr => {
        if (fresh) return { kind: "cond", test: bin("!=", index, int(0)), then: set(index), else: { kind: "comma", exprs: [] } };
        useArgHelpers(ctx, "opt_ref");
        return call("opt_ref", s.L(), index, ref);
      };
      const setFromTop = (push: CExpr): CExpr => ({ kind: "comma", exprs: [push, set(int(-1)), call("lua_pop", s.L(), int(1))] });
      if (value.getKind() === SyntaxKind.NullKeyword) return unset();
      // `this` in a Lua method or constructor is on the stack already: no push of its weak ref and pop
      if (value.getKind() === SyntaxKind.ThisKeyword && s.luaFn?.selfIndex) return set(s.luaFn.selfIndex);
      if (Node.isIdentifier(value)) {
        const b = s.paramOf(value);
        if (b) return (b.shape.optional || b.shape.nullable) && !testedPresent(value) ? setOrUnset(s.indexOf(b)) : set(s.indexOf(b));
      }
      if (Node.isPropertyAccessExpression(value)) {
        const b = s.paramOf(value.getExpression());
        const struct = b?.shape.kinds.find((k) => k.k === "struct");
        if (b && struct?.k === "struct") {
          // the field's value, read at entry, is still on the stack: kept from there, not looked up again
          const j = [...struct.t.fields().keys()].indexOf(value.getName());
          if (j < 0) return ctx.fail(value, "BindingRefAssign", `'${value.getName()}' is not a field of the table argument`);
          const fields = fieldsLocal(b);
          s.luaFn!.usedIndex.add(fields);
          return set(j === 0 ? id(fields) : bin("+", id(fields), int(j)));
        }
      }
      const v = lowerExpr(value, ctx);
      if (s.userdataOf(v.t)) return setFromTop(s.pushValue(v, value));
      const vk = base(v.t);
      // a Lua argument passed on to a C function is its stack index
      if (vk.k === "lua" && (vk.what === "function" || vk.what === "table")) return setOrUnset(v.c);
      // a raw ref value (LUA_NOREF) is stored as it is
      if (vk.k === "lua") return { kind: "assign", op: "=", target: target.c, value: v.c };
      return ctx.fail(node, "BindingRefAssign", "a LuaRef field takes a Lua argument (function, string, table), a field of a table argument, a userdata, or null");
    },

    lowerStatement(_ctx, expr) {
      if (!Node.isCallExpression(expr)) return undefined;
      const name = luaIntrinsic(expr);
      if (name === "callLua") {
        const [fn, ...args] = expr.getArguments();
        const lowered = args.map((a) => lowerExpr(a, ctx));
        const first = lowered[0];
        // a callback whose first argument is a userdata (the usual `(client, ...)`): one shared
        // push_callback() pushes the function and the userdata
        if (first && s.userdataOf(first.t)) {
          const selfRef = member(first.c, "self_ref", base(first.t).k === "ptr");
          const fnRef = lowerExpr(fn!, ctx).c;
          const shared = callbackCall(ctx, s.L(), fnRef, selfRef, lowered.slice(1));
          if (shared) return shared;
          const rest = lowered.slice(1).flatMap((v, i) => s.pushStmts(v, args[i + 1]!));
          useArgHelpers(ctx, "push_callback");
          return [{
            kind: "if",
            test: call("push_callback", s.L(), fnRef, selfRef),
            then: [...rest, exprStmt(call("luaL_pcallx", s.L(), int(args.length), int(0)))],
          }];
        }
        const pushes = lowered.flatMap((v, i) => s.pushStmts(v, args[i]!));
        useArgHelpers(ctx, "push_ref");
        return [{
          kind: "if",
          test: call("push_ref", s.L(), lowerExpr(fn!, ctx).c),
          then: [...pushes, exprStmt(call("luaL_pcallx", s.L(), int(args.length), int(0)))],
        }];
      }
      if (name === "argError") {
        // Lua's "bad argument #n to 'f' (message)", n the parameter's real stack index
        const [param, msgNode] = expr.getArguments();
        const b = s.luaFn ? s.paramOf(param!) : undefined;
        if (!b) return ctx.fail(expr, "BindingParam", param!.getText(), "argError() takes a parameter of a Lua-facing function");
        return [{ kind: "return", value: call("luaL_argerror", s.L(), s.indexOf(b), lowerTo(msgNode!, { k: "cstring" }, ctx)) }];
      }
      if (name === "luaError") {
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
      return undefined;
    },

    lowerCall(_ctx, node, _text, args) {
      switch (luaIntrinsic(node as CallExpression)) {
        case "refBytes":
          useArgHelpers(ctx, "ref_bytes");
          return { c: call("ref_bytes", s.L(), lowerExpr(args[0]!, ctx).c), t: { k: "bytes" } };
        case "cstr": {
          const inner = args[0]!;
          // cstr(refBytes(r)): the held string's pointer only, no (pointer, length) pair returned
          if (Node.isCallExpression(inner) && luaIntrinsic(inner) === "refBytes") {
            useArgHelpers(ctx, "ref_string");
            return { c: call("ref_string", s.L(), lowerExpr(inner.getArguments()[0]!, ctx).c), t: { k: "cstring" } };
          }
          return s.walks.cstring(inner) ?? { c: member(lowerExpr(inner, ctx).c, "ptr"), t: { k: "cstring" } };
        }
        case "equals": {
          const v = lowerExpr(args[0]!, ctx);
          const lit = args[1];
          if (!lit || !Node.isStringLiteral(lit)) return ctx.fail(node, "UnsupportedExpression", "equals() compares with a string literal");
          const bytes = [...Buffer.from(lit.getLiteralValue())];
          return {
            c: bin("&&", bin("==", member(v.c, "len"), int(bytes.length)), bin("==", call("memcmp", member(v.c, "ptr"), { kind: "string", bytes }, int(bytes.length)), int(0))),
            t: BOOL,
          };
        }
        case "argIndex": {
          // where a parameter's value is on the Lua stack (0: absent), for luaL_argerror's "bad argument #n"
          const b = s.luaFn ? s.paramOf(args[0]!) : undefined;
          if (!b) return ctx.fail(node, "BindingParam", args[0]!.getText(), "argIndex() takes a parameter of a Lua-facing function");
          return { c: s.indexOf(b), t: INT };
        }
        case "isTable":
        case "isString":
        case "isNumber": {
          const name = luaIntrinsic(node as CallExpression)!;
          const luaType = name === "isTable" ? "LUA_TTABLE" : name === "isString" ? "LUA_TSTRING" : "LUA_TNUMBER";
          const slot = s.walks.typeTest(args[0]!, luaType);
          if (slot) return slot;
          const b = s.paramOf(args[0]!);
          if (!b?.typeLocal || name === "isNumber") return ctx.fail(node, "BindingParam", args[0]!.getText(), `${name}() tests a union parameter or a pairs() key or value`);
          s.luaFn!.usedIndex.add(b.typeLocal);
          return { c: bin("==", id(b.typeLocal), id(luaType)), t: BOOL };
        }
        case "pairs":
          return ctx.fail(node, "UnsupportedExpression", "pairs() is only allowed as the table of for (const [key, value] of pairs(t))");
      }
      const callee = (node as CallExpression).getExpression();
      const decl = Node.isIdentifier(callee) ? declarationOf(callee) : undefined;
      const task = decl && s.taskByDecl.get(decl);
      return task ? task.lowerPost(node as CallExpression, ctx) : undefined;
    },

    lowerForOf(_ctx, node) {
      return Node.isForOfStatement(node) ? s.walks.lower(node) : undefined;
    },

    lowerJump(_ctx, node, lowered) {
      return s.walks.jump(node, lowered);
    },

    wrapFunctionBody(_ctx, fn, body, cname) {
      s.plainFns.set(fn, cname);
      if (s.usesL) s.directL.add(fn);
      s.usesL = false;
      return body;
    },
  };
}
