import { Node, SyntaxKind, type ArrowFunction, type Block } from "ts-morph";
import { call, cast, exprStmt, id, int, member, named, namesIdent, ptr, type CExpr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import type { SymbolInfo } from "../lower/context.ts";
import { lowerExpr } from "../lower/expressions.ts";
import { base, describe, toSpec, type CType } from "../lower/ctypes.ts";
import { useBytesType } from "../lower/helpers.ts";
import { startLine } from "../lower/lines.ts";
import { lowerBlock } from "../lower/statements.ts";
import { declarationOf } from "../lower/symbols.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { bindParams, parseArgs } from "./args.ts";
import { LuaFunctionFrame } from "./frame.ts";
import type { ClosureModel, FunctionModel, ReturnValue } from "./model.ts";
import { luaReturn } from "./returns.ts";
import type { BindState } from "./state.ts";

/**
 * What an arrow function returned to Lua captures, each held in one upvalue
 * of its C closure: the userdata `this` is (so the closure keeps the object
 * alive), or a copy of a parameter's or a const's value.
 */
type Capture =
  | { k: "self" }
  | { k: "value"; decl: Node; name: string; t: CType; use: Node };

/** The kinds of C values a closure holds as a copy in an upvalue (a LuaFunction or LuaTable: the Lua value itself). */
const COPIED = new Set<CType["k"]>(["int", "enum", "double", "bool", "bytes"]);

/**
 * `return () => ...` as a `LuaFunction`: the arrow becomes a Lua C function of
 * its own (lowered now, emitted beside the function that returns it), and
 * here its captures are pushed as upvalues and `lua_pushcclosure` makes the
 * closure, as NodeMCU's pipe.c makes its reader.
 */
export function pushClosure(s: BindState, arrow: ArrowFunction, v: ReturnValue): CStmt[] {
  const ctx = s.ctx;
  const outer = s.luaFn;
  const model = v.closures?.find((c) => c.node === arrow);
  if (!outer || !model) return ctx.fail(arrow, "BindingClosure", "an arrow function is a Lua function only as the value of `return` in a Lua function declared to return LuaFunction");
  // a closure made while the object is collected would bring it back after __gc released its refs
  if (outer.model.kind === "gc") return ctx.fail(arrow, "BindingClosure", "__gc cannot return a closure");
  const captures = capturesOf(s, arrow, outer);
  // the first closure a function returns is <function>_fn, the next ones _fn2, _fn3...
  const nth = v.closures!.indexOf(model);
  const cname = closureName(s, `${outer.model.cname}_fn${nth ? nth + 1 : ""}`);
  // the upvalues, in order: the userdata first when `this` is captured
  const pushes: CStmt[] = captures.map((c) => {
    if (c.k === "self") return exprStmt(call("lua_pushvalue", s.L(), outer.selfIndex!));
    const value = lowerExpr(c.use, ctx);
    if (base(c.t).k === "lua") return exprStmt(call("lua_pushvalue", s.L(), value.c));
    return exprStmt(s.pushValue(value, c.use));
  });
  s.closures.push(closureFunction(s, model, cname, captures, outer));
  return [...pushes, exprStmt(call("lua_pushcclosure", s.L(), id(cname), int(captures.length)))];
}

/** The closure's own Lua C function: its captures read from its upvalues, its arguments from its stack. */
function closureFunction(s: BindState, cm: ClosureModel, cname: string, captures: Capture[], outer: LuaFunctionFrame): CTopLevel {
  const ctx = s.ctx;
  const arrow = cm.node;
  const fm: FunctionModel = { luaName: cname, cname, doc: "", kind: "function", firstIndex: 1, params: cm.params, returns: cm.returns, node: arrow };
  const single = !cm.returns.tuple && cm.returns.values.length === 1 ? cm.returns.values[0]! : undefined;
  const selfCaptured = captures.some((c) => c.k === "self");
  const returnHook = (e: Node | undefined): CStmt[] => luaReturn(s, fm, e, undefined);
  const frame = new LuaFunctionFrame(fm, ctx.namesOf(arrow), single?.t ?? { k: "void" }, selfCaptured ? outer.selfType : undefined, returnHook, undefined);
  // a captured name means the closure's copy while its body is lowered, the outer function's local again after
  const saved = new Map<Node, SymbolInfo | undefined>();
  for (const c of captures) if (c.k === "value") saved.set(c.decl, ctx.symbols.get(c.decl));
  try {
    return ctx.withFrame(frame, () => {
      const upvalue = (i: number): CExpr => call("lua_upvalueindex", int(i + 1));
      const reads: CStmt[] = captures.flatMap((c, i): CStmt[] => {
        if (c.k === "self") {
          frame.selfIndex = upvalue(i);
          // the binding pushed the userdata itself: no metatable check needed to read it back
          const selfType = ptr(toSpec(outer.selfType!));
          return [{ kind: "decl", type: selfType, name: ctx.frameName("self"), init: cast(selfType, call("lua_touserdata", id("L"), upvalue(i))) }];
        }
        const cname = sanitizeIdentifier(c.name);
        ctx.symbols.set(c.decl, { cname, type: c.t, kind: "local" });
        return readUpvalue(s, cname, c.t, upvalue(i));
      });
      const bound = bindParams(cm.params, 1, (want) => ctx.frameName(want));
      cm.params.forEach((p, i) => {
        const b = bound[i]!;
        frame.params.set(p.node, b);
        if (b.locals.size === 1) {
          const l = [...b.locals.values()][0]!;
          ctx.symbols.set(p.node, { cname: l.cname, type: l.t, kind: "local" });
        }
      });
      const bodyNode = arrow.getBody();
      // a concise body is `return <it>`, or the statement it is when the closure returns nothing (`(): void => f()`)
      const body: CStmt[] = Node.isBlock(bodyNode) ? lowerBlock(bodyNode as Block, ctx)
        : cm.returns.values.length ? returnHook(bodyNode) : [...(ctx.extension?.lowerStatement?.(ctx, bodyNode) ?? [exprStmt(lowerExpr(bodyNode, ctx).c)]), { kind: "return", value: int(0) }];
      const args = parseArgs(bound, 1, frame.usedIndex, ctx, cname);
      const last = body[body.length - 1];
      const tail: CStmt[] = last?.kind === "return" ? [] : [{ kind: "return", value: int(0) }];
      // the self read stays when the body does not use it: it is the closure's reason to hold the object
      const unused: CStmt[] = selfCaptured && !namesIdent(body, ctx.frameName("self")) ? [exprStmt(cast(named("void"), id(ctx.frameName("self"))))] : [];
      return {
        kind: "function", ret: named("int"), name: cname, params: [{ type: ptr(named("lua_State")), name: "L" }],
        body: [...reads, ...unused, ...args, ...body, ...tail], isStatic: true,
        doc: `The function ${outer.model.luaName}() returns: a C closure${captures.length ? ` whose upvalues hold ${captures.map((c) => (c.k === "self" ? "the userdata" : `'${c.name}'`)).join(", ")}` : ""}.`,
        line: { line: startLine(arrow), file: arrow.getSourceFile().getFilePath() },
      };
    });
  } finally {
    for (const [decl, info] of saved) {
      if (info) ctx.symbols.set(decl, info);
      else ctx.symbols.delete(decl);
    }
  }
}

/** A captured value read back from its upvalue into a C local of the closure. */
function readUpvalue(s: BindState, cname: string, t: CType, at: CExpr): CStmt[] {
  const b = base(t);
  const decl = (init: CExpr): CStmt[] => [{ kind: "decl", type: toSpec(t), name: cname, init }];
  switch (b.k) {
    case "int": case "enum": return decl(cast(toSpec(t), call("lua_tointeger", id("L"), at)));
    case "double": return decl(call("lua_tonumber", id("L"), at));
    case "bool": return decl(call("lua_toboolean", id("L"), at));
    case "bytes":
      // the upvalue holds the Lua string: its bytes stay valid while the closure lives
      useBytesType(s.ctx);
      return [
        { kind: "decl", type: named("tsc2c_bytes"), name: cname, init: { kind: "init", fields: [] } },
        exprStmt({ kind: "assign", op: "=", target: member(id(cname), "ptr"), value: call("lua_tolstring", id("L"), at, { kind: "unary", op: "&", operand: member(id(cname), "len") }) }),
      ];
    default:
      // a Lua function or table: the upvalue's pseudo-index, used as an argument's stack index is
      return decl(at);
  }
}

/**
 * What the arrow captures, in order of first use: `this`, and the outer
 * function's parameters and locals it reads. TypeScript captures variables,
 * an upvalue holds a value: a captured name that is ever assigned (in the
 * closure or out of it) is refused, and so is one whose value a copy would
 * not keep (a pointer, a struct, C memory, a union or absent argument).
 */
function capturesOf(s: BindState, arrow: ArrowFunction, outer: LuaFunctionFrame): Capture[] {
  const ctx = s.ctx;
  const fn = outer.model.node;
  const out: Capture[] = [];
  const seen = new Set<Node>();
  let self = false;
  for (const n of arrow.getDescendants()) {
    if (n.getKind() === SyntaxKind.ThisKeyword) {
      if (!self && outer.selfType && outer.selfIndex) out.unshift({ k: "self" });
      if (!outer.selfType || !outer.selfIndex) ctx.fail(n, "BindingClosure", "'this' is captured outside a method of a userdata class");
      self = true;
      continue;
    }
    if (!Node.isIdentifier(n)) continue;
    const decl = declarationOf(n);
    if (!decl || seen.has(decl) || decl === arrow || decl.getAncestors().includes(arrow) || !decl.getAncestors().includes(fn)) continue;
    seen.add(decl);
    out.push({ k: "value", decl, name: n.getText(), t: capturedType(s, n, decl, outer), use: n });
  }
  for (const c of out) if (c.k === "value") refuseWrites(s, c, arrow, fn);
  return out;
}

/** The C type of a captured name's copy, or a located refusal when a copy cannot stand for it. */
function capturedType(s: BindState, use: Node, decl: Node, outer: LuaFunctionFrame): CType {
  const ctx = s.ctx;
  const name = use.getText();
  const kinds = "a closure holds copies of integers, numbers, bools and LuaString parameters, and LuaFunction and LuaTable parameters themselves";
  if (Node.isParameterDeclaration(decl)) {
    const b = outer.params.get(decl);
    if (!b) return ctx.fail(use, "BindingClosure", `'${name}' is not a Lua argument: ${kinds}`);
    if (b.locals.size !== 1) return ctx.fail(use, "BindingClosure", `'${name}' is a union parameter: ${kinds}; read it into a const of one type first`);
    const [k, l] = [...b.locals.entries()][0]!;
    if (b.shape.nullable || (b.shape.optional && b.shape.defaultValue === undefined)) {
      return ctx.fail(use, "BindingClosure", `'${name}' may be absent or nil, which its copy could not say: give it a default value, or capture a const of its value`);
    }
    if (k === "function" || k === "table") return l.t;
    if (!COPIED.has(base(l.t).k)) return ctx.fail(use, "BindingClosure", `'${name}' is a ${describe(l.t)}: ${kinds}`);
    return l.t;
  }
  const info = ctx.symbols.get(decl);
  const t = info?.type;
  // a local byte string may view C memory that changes or goes: only a Lua string argument is copied
  if (Node.isVariableDeclaration(decl) && t && base(t).k === "bytes") {
    return ctx.fail(use, "BindingClosure", `'${name}' is a byte string that may view C memory, gone or changed when the closure runs: capture a LuaString parameter, or keep the bytes in a field`);
  }
  if (!Node.isVariableDeclaration(decl) || !t || !COPIED.has(base(t).k)) {
    return ctx.fail(use, "BindingClosure", `'${name}'${t ? ` is a ${describe(t)}` : " is no parameter or local of the function"}: ${kinds}, and consts of number or bool types`);
  }
  return t;
}

/** A captured name that is ever assigned: the closure's copy would not follow it, as TypeScript's variable would. */
function refuseWrites(s: BindState, c: Extract<Capture, { k: "value" }>, arrow: ArrowFunction, fn: Node): void {
  for (const n of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (!isWritten(n) || declarationOf(n) !== c.decl) continue;
    const inside = n.getAncestors().includes(arrow);
    s.ctx.fail(n, "BindingClosure", inside
      ? `'${c.name}' is assigned inside the closure, which holds a copy of it: keep what changes in a field of the object (this.${c.name})`
      : `'${c.name}' is assigned in the function, and the closure holds a copy of its value: capture a const that is never assigned`);
  }
}

/** An identifier that is the target of an assignment or of ++/--. */
function isWritten(n: Node): boolean {
  const p = n.getParent();
  if (!p) return false;
  if (Node.isBinaryExpression(p)) {
    const op = p.getOperatorToken().getKind();
    return p.getLeft() === n && op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
  }
  if (Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p)) {
    const op = p.getOperatorToken();
    return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
  }
  return false;
}

/** The C names the module's closures take, clear of every name of its source and of the binding's functions. */
const takenNames = new WeakMap<BindState, Set<string>>();

/** A C function name for a closure: `want`, or `want` with `_` appended until nothing else in the module spells it (nor its `_params`). */
function closureName(s: BindState, want: string): string {
  let taken = takenNames.get(s);
  if (!taken) {
    taken = new Set<string>();
    const sf = s.model.functions[0]?.node.getSourceFile() ?? s.model.classes[0]?.node.getSourceFile();
    for (const n of sf?.getDescendantsOfKind(SyntaxKind.Identifier) ?? []) taken.add(sanitizeIdentifier(n.getText()));
    for (const f of [...s.model.functions, ...s.model.classes.flatMap((c) => [c.ctor, ...c.methods])]) taken.add(f.cname);
    for (const c of s.model.classes) for (const m of c.cMethods) taken.add(m.cname);
    takenNames.set(s, taken);
  }
  // its parameter table (parse_args) is <name>_params: that must be free too
  let name = want;
  while (taken.has(name) || taken.has(`${name}_params`)) name += "_";
  taken.add(name);
  taken.add(`${name}_params`);
  return name;
}
