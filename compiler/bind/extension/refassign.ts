import { Node, SyntaxKind } from "ts-morph";
import { bin, call, id, int, type CExpr } from "../../cast/ast.ts";
import type { Typed } from "../../lower/context.ts";
import { lowerExpr } from "../../lower/expressions.ts";
import { base } from "../../lower/ctypes.ts";
import { declarationOf } from "../../lower/symbols.ts";
import { sameExpression } from "../../lower/same.ts";
import { useArgHelpers } from "../helpers.ts";
import { fieldsLocal } from "../args.ts";
import type { BindState } from "../state.ts";
import { rawValue } from "../values.ts";
import { isFixedIndex } from "../kinds/index.ts";

/** `this.f`, `this.refs[i]`, `this.a.b`: a place in the userdata itself. */
function inThis(n: Node): boolean {
  while (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) n = n.getExpression();
  return n.getKind() === SyntaxKind.ThisKeyword;
}

/** `this.f = ...` as the constructor body's first statement-level assignment of that same place. */
function firstCtorAssignment(node: Node, body: Node | undefined): boolean {
  if (!body || !Node.isBinaryExpression(node) || !Node.isExpressionStatement(node.getParent()) || node.getParent()!.getParent() !== body) return false;
  const target = node.getLeft();
  if (!inThis(target)) return false;
  return !body.getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .some((b) => b.getStart() < node.getStart() && b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && sameExpression(b.getLeft(), target));
}

/** True inside `if (x !== null) ...` (its then branch) for that same `x`: the argument is known to be there. */
function testedPresent(x: Node): boolean {
  const decl = declarationOf(x);
  for (let n: Node | undefined = x; n; n = n.getParent()) {
    const parent = n.getParent();
    if (!parent || !Node.isIfStatement(parent) || parent.getThenStatement() !== n) continue;
    const test = parent.getExpression();
    if (Node.isBinaryExpression(test) && test.getOperatorToken().getKind() === SyntaxKind.ExclamationEqualsEqualsToken
      && test.getRight().getKind() === SyntaxKind.NullKeyword && declarationOf(test.getLeft()) === decl) return true;
  }
  return false;
}

/**
 * An assignment to a LuaRef field: the value is kept in the registry
 * (luaX_set_ref), null releases it. Undefined when the target is no ref.
 */
export function lowerRefAssign(s: BindState, node: Node, target: Typed, value: Node): CExpr | undefined {
  const ctx = s.ctx;
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
  // a LuaValue (an argument, a vararg, callLua()'s result), whatever it was narrowed to: 0 (no vararg there) releases
  const held = rawValue(s, value);
  if (held) return isFixedIndex(held.c) ? set(held.c) : setOrUnset(held.c);
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
  return ctx.fail(node, "BindingRefAssign", "a LuaRef or LuaValue field takes a Lua argument (function, string, table, LuaValue), a vararg, callLua()'s result, a field of a table argument, a userdata, or null");
}
