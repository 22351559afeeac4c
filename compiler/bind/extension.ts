import { Node, type CallExpression } from "ts-morph";
import type { LoweringExtension } from "../lower/context.ts";
import { bin, call, int } from "../cast/ast.ts";
import { base } from "../lower/ctypes.ts";
import type { BindState } from "./state.ts";
import { lowerBindingIdentifier } from "./extension/identifiers.ts";
import { lowerRefAssign } from "./extension/refassign.ts";
import { lowerBindingStatement } from "./extension/statements.ts";
import { lowerBindingCall } from "./extension/calls.ts";
import { hasBuffer, lowerBufferLocal } from "./buffer.ts";
import { popBeforeJump } from "./pairs.ts";
import { callResultDeclaration, callResultPops, callResultsAtEnd, isCallResult, lowerValueAccess, valueEquality } from "./values.ts";
import { callLuaStatements } from "./extension/statements.ts";

/**
 * How the binding gives meaning to the Lua types and intrinsics inside the
 * core lowering, one file per construct under extension/: names (`L`, union
 * parameters), assignments to LuaRef fields, the statement intrinsics
 * (callLua, argError, luaError), the expression intrinsics and @luaTask posts;
 * pairs() loops are the table walks' (pairs.ts); LuaValue reads, tests and
 * comparisons, varargs and the callLua() results a block keeps are values.ts's
 * (a jump pops what both left on the stack). Intrinsics are known by their
 * declaration in the prelude (load/prelude.ts), never by a name's text.
 */
export function bindingExtension(s: BindState): LoweringExtension {
  return {
    lowerIdentifier: (_ctx, node) => lowerBindingIdentifier(s, node),
    lowerAssign: (_ctx, node, target, value) => lowerRefAssign(s, node, target, value),
    lowerStatement: (_ctx, expr) => lowerBindingStatement(s, expr),
    // a results list, a LuaBuffer, a callLua() result: each lives on the Lua stack
    lowerLocal: (_ctx, d) => {
      const list = s.results.declare(d);
      if (list) return [list];
      if (!isCallResult(d)) return lowerBufferLocal(s, d);
      // a result's slot, popped from the top when its block ends, would sit among a buffer's pieces or a list's values
      const fn = s.luaFn;
      if (fn && (hasBuffer(fn.node) || fn.model.returns.rest)) {
        return s.ctx.fail(d, "UnsupportedExpression", "callLua()'s result is kept on the Lua stack, as a LuaBuffer's pieces and a results list's values are: a function keeps callLua() results or builds one of those, not both (call it as a statement)");
      }
      return callResultDeclaration(s, d, (call, results) => callLuaStatements(s, call, results));
    },
    lowerCall: (_ctx, node, args) => lowerBindingCall(s, node as CallExpression, args),
    lowerForOf: (_ctx, node) => (Node.isForOfStatement(node) ? s.walks.lower(node) : undefined),
    // a jump pops what the pairs() loops and callLua() results it leaves pushed
    lowerJump: (_ctx, node, lowered) => {
      const n = s.walks.pops(node) + callResultPops(s, node);
      return n ? popBeforeJump(s, lowered, n) : undefined;
    },
    lowerAccess: (_ctx, node) => lowerValueAccess(s, node),
    lowerEquality: (_ctx, node, op, left, right) => valueEquality(s, node, op, left, right),
    lowerBlockEnd: (_ctx, block, lowered) => callResultsAtEnd(s, block, lowered),
    // a Lua argument is a stack index (0 when absent); a held value is a registry ref
    // an optional parameter's stack index is 0 when its argument was left out (or nil)
    lowerGiven: (_ctx, node) => {
      const b = s.paramOf(node);
      return b && (b.shape.optional || b.shape.nullable) ? bin("!=", s.indexOf(b), int(0)) : undefined;
    },
    lowerPresent: (_ctx, v) => (base(v.t).k === "lua" && (base(v.t) as { what: string }).what === "ref" ? call("luaX_valid_ref", v.c) : bin("!=", v.c, int(0))),
    wrapFunctionBody(_ctx, fn, body, cname) {
      s.plainFns.set(fn, cname);
      return body;
    },
  };
}
