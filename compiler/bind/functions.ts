import { Node, SyntaxKind, type Block } from "ts-morph";
import { startLine } from "../lower/lines.ts";
import { bin, call, cast, exprStmt, id, int, member, named, namesIdent, ptr, str, type CExpr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import { lowerBlock } from "../lower/statements.ts";
import { lowerTo } from "../lower/expressions.ts";
import { base, toSpec, type CType } from "../lower/ctypes.ts";
import { voidUnusedParams } from "../lower/program.ts";
import { ownFieldName, sanitizeIdentifier } from "../print/names.ts";
import { bindParams, parseArgs } from "./args.ts";
import type { ClassModel, FieldModel, FunctionModel } from "./model.ts";
import type { BindState } from "./state.ts";
import { LuaFunctionFrame } from "./frame.ts";
import { applies } from "./policies.ts";
import { EXIT_LABEL, luaReturn } from "./returns.ts";
import { FunctionFrame } from "../lower/frame.ts";
import { helperItem } from "./helpers.ts";
import { returnsBuffer } from "./buffer.ts";

/**
 * A Lua C function: `static int name(lua_State *L)` reading its arguments
 * (as the model describes them), then the TS body. `cls` for a constructor
 * or method of a userdata class.
 */
export function luaFunction(s: BindState, fm: FunctionModel, cls?: ClassModel): CTopLevel {
  const ctx = s.ctx;
  const bodyNode = (Node.isClassDeclaration(fm.node) ? undefined : fm.node.getBody()) as Block | undefined;
  const single = !fm.returns.tuple && fm.returns.values.length === 1 ? fm.returns.values[0]! : undefined;
  const ret: CType = single?.t ?? { k: "void" };
  // the C names this function's glue introduces, clear of every name the user wrote in it
  const names = ctx.namesOf(fm.node);
  // several computed results: each return stores it, and one push at the end returns it (a call saved per return)
  // (not a table: its push is already one helper call, and its value is read where it is, not copied into a result)
  const oneExit = single !== undefined && !single.nullable && single.lua !== "table" && base(single.t).k !== "lua" && bodyNode !== undefined && applies(ctx, "one-exit", computedReturns(bodyNode));
  const returnHook = (e: Node | undefined): CStmt[] => luaReturn(s, fm, e, oneExit ? names.name("result") : undefined);
  const frame = new LuaFunctionFrame(fm, names, ret, cls?.struct, returnHook, bodyNode);
  return ctx.withFrame(frame, () => luaFunctionIn(s, frame, bodyNode, oneExit, cls));
}

/** luaFunction's work, inside the function's frame. */
function luaFunctionIn(s: BindState, frame: LuaFunctionFrame, bodyNode: Block | undefined, oneExit: boolean, cls: ClassModel | undefined): CTopLevel {
  const ctx = s.ctx;
  const fm = frame.model;
  const { cname, firstIndex, kind } = fm;
  const ret = frame.returnType;
  const selfName = ctx.frameName("self");
  const selfIndexName = ctx.frameName("self_index");
  if (cls) frame.selfIndex = kind === "constructor" ? id(selfIndexName) : int(1);
  const bound = bindParams(fm.params, firstIndex, (want) => ctx.frameName(want));
  fm.params.forEach((p, i) => {
    const b = bound[i]!;
    frame.params.set(p.node, b);
    if (b.locals.size === 1) {
      const l = [...b.locals.values()][0]!;
      ctx.symbols.set(p.node, { cname: l.cname, type: l.t, kind: "local" });
    }
  });
  const result = ctx.frameName("result");
  const body: CStmt[] = bodyNode ? lowerBlock(bodyNode, ctx) : [];
  const args = parseArgs(bound, firstIndex, frame.usedIndex, ctx, cname);
  const pre: CStmt[] = [];
  const post: CStmt[] = [];
  if (cls) {
    const sname = cls.name;
    const selfType = ptr(named(sname));
    const metaName = { kind: "string" as const, bytes: [...Buffer.from(cls.metaName)] };
    if (kind === "constructor") {
      // arguments are checked before anything is allocated
      pre.push(...args);
      pre.push({ kind: "decl", type: selfType, name: selfName, init: { kind: "cast", type: selfType, operand: call("lua_newuserdata", id("L"), { kind: "sizeof", type: named(sname) }) } });
      pre.push(exprStmt(call("memset", id(selfName), int(0), { kind: "sizeof", type: named(sname) })));
      pre.push(...fieldInits(s, cls));
      pre.push(exprStmt(call("luaL_getmetatable", id("L"), metaName)));
      pre.push(exprStmt(call("lua_setmetatable", id("L"), int(-2))));
      pre.push(exprStmt(call("lua_pushvalue", id("L"), int(-1))));
      pre.push(exprStmt({ kind: "assign", op: "=", target: member(id(selfName), "self_ref", true), value: call("luaX_weak_ref", id("L")) }));
      pre.push({ kind: "decl", type: named("int"), name: selfIndexName, init: call("lua_gettop", id("L")) });
      post.push(exprStmt(call("lua_settop", id("L"), id(selfIndexName))), { kind: "return", value: int(1) });
    } else {
      // the userdata is checked even when the method does not read it
      const shared = selfCheckName(ctx, cls);
      const check = shared ? call(shared, id("L")) : call("luaL_checkudata", id("L"), int(1), metaName);
      const usesSelf = (kind === "gc" && cls.fields.some((f) => f.ref !== "none")) || usesIdent(body, selfName);
      pre.push(usesSelf ? { kind: "decl", type: selfType, name: selfName, init: shared ? check : { kind: "cast", type: selfType, operand: check } } : exprStmt(check));
      pre.push(...args);
      if (kind === "gc") {
        // every registry ref the userdata holds is released with it
        post.push(...allRefs(ctx, cls, (ref) => exprStmt(call("luaX_unset_ref", id("L"), { kind: "unary", op: "&", operand: ref }))));
      }
    }
  } else pre.push(...args);
  if (oneExit) {
    // the last return falls through to the push instead of jumping to it
    if (body[body.length - 1]?.kind === "goto") body.pop();
    const zero = base(ret).k === "bytes" || base(ret).k === "struct" ? { kind: "init" as const, fields: [] } : base(ret).k === "bool" ? id("false") : base(ret).k === "ptr" || base(ret).k === "cstring" ? id("NULL") : int(0);
    body.unshift({ kind: "decl", type: toSpec(ret), name: result, init: zero });
    post.push({ kind: "label", name: EXIT_LABEL }, ...s.pushStmts({ c: id(result), t: ret }, bodyNode!), { kind: "return", value: int(1) });
  }
  const last = body[body.length - 1];
  if (kind !== "constructor" && !oneExit && last?.kind !== "return") post.push({ kind: "return", value: int(0) });
  const at = fm.node;
  return {
    kind: "function", ret: named("int"), name: cname, params: [{ type: ptr(named("lua_State")), name: "L" }],
    body: [...pre, ...body, ...post], isStatic: true,
    ...(fm.doc ? { doc: fm.doc } : {}),
    ...(at ? { line: { line: startLine(at), file: at.getSourceFile().getFilePath() } } : {}),
  };
}

/**
 * The constructor's field initialisation after the memset: each LuaRef
 * (also in arrays) starts unset (LUA_NOREF), then each field initialiser;
 * an array initialiser (fill) is a loop over the elements.
 */
function fieldInits(s: BindState, cls: ClassModel): CStmt[] {
  const ctx = s.ctx;
  const out: CStmt[] = [];
  out.push(...allRefs(ctx, cls, (ref) => exprStmt({ kind: "assign", op: "=", target: ref, value: id("LUA_NOREF") })));
  for (const field of cls.fields) {
    const init = field.init;
    if (!init) continue;
    const ft = field.type;
    const target = member(id(ctx.frameName("self")), ownFieldName(field.name), true);
    const b = base(ft);
    if (b.k !== "array") {
      const value = lowerTo(init, ft, ctx);
      // zero, false and NULL are what the memset left: no store
      const zero = (value.kind === "int" && value.text === "0") || (value.kind === "ident" && (value.name === "false" || value.name === "NULL"));
      // a struct is assigned a compound literal: a brace list alone only initialises a declaration
      const assigned: CExpr = value.kind === "init" ? { kind: "compound", type: toSpec(ft), init: value } : value;
      if (!zero) out.push(exprStmt({ kind: "assign", op: "=", target, value: assigned }));
      continue;
    }
    const v = lowerTo(init, ft, ctx);
    if (v.kind !== "init") return ctx.fail(init, "UnsupportedExpression", "an array field is initialised with fill(n, value) or a literal");
    // all zero, or LUA_NOREF over refs that are already unset: nothing left to store
    const values = v.fields.map((f) => f.value);
    const same = values.every((x) => JSON.stringify(x) === JSON.stringify(values[0]));
    if (!values.length || (same && ((values[0]!.kind === "int" && values[0]!.text === "0") || (base(b.of).k === "lua" && values[0]!.kind === "ident" && values[0]!.name === "LUA_NOREF")))) continue;
    if (same && values.length === b.length) out.push(forEach(ctx, b.length, (i) => exprStmt({ kind: "assign", op: "=", target: { kind: "index", object: target, index: i }, value: values[0]! })));
    else values.forEach((x, i) => out.push(exprStmt({ kind: "assign", op: "=", target: { kind: "index", object: target, index: int(i) }, value: x })));
  }
  return out;
}

/** The returns with a value of a function's own body (not of functions nested in it) that compute it. */
function computedReturns(body: Block): number {
  return body.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => {
    if (r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) !== body.getParent()) return false;
    const e = r.getExpression();
    // a LuaBuffer's result is pushed where it is returned (bind/buffer.ts), never stored first
    if (!e || returnsBuffer(e)) return false;
    const k = e.getKind();
    return !(k === SyntaxKind.TrueKeyword || k === SyntaxKind.FalseKeyword || k === SyntaxKind.NullKeyword || Node.isLiteralExpression(e)
      || (Node.isPrefixUnaryExpression(e) && Node.isNumericLiteral(e.getOperand())));
  }).length;
}

/** Whether lowered statements name an identifier (the C they read). */
function usesIdent(body: CStmt[], name: string): boolean {
  return JSON.stringify(body).includes(`{"kind":"ident","name":"${name}"}`);
}

/** `for (int i = 0; i < n; i++) body(i)`, `i` a name of the function's own */
function forEach(ctx: BindState["ctx"], n: number, body: (i: CExpr) => CStmt): CStmt {
  const i = ctx.frameName("i");
  return {
    kind: "for", init: { kind: "decl", type: named("int"), name: i, init: int(0) },
    test: bin("<", id(i), int(n)), update: { kind: "postfix", op: "++", operand: id(i) }, body: [body(id(i))],
  };
}

/** The name of a class's userdata check, if it has one. */
function selfCheckName(ctx: BindState["ctx"], cls: ClassModel): string | undefined {
  return applies(ctx, "self-check", cls.methods.length) ? `${cls.ctor.cname.replace(/_new$/, "")}_checkudata` : undefined;
}

/** The userdata check the methods of a class share, if it has enough of them; out of line, or clang puts it back in each. */
export function selfCheck(cls: ClassModel, ctx: BindState["ctx"]): CTopLevel[] {
  const name = selfCheckName(ctx, cls);
  if (!name) return [];
  // among the class's functions (it returns the class's struct), before every method: no prototype
  return [{ kind: "blank" }, helperItem({
    name,
    stack: "[-0, +0, v]",
    doc: "the userdata a method is called on (Lua's bad argument error otherwise)",
    build: () => ({
      kind: "function", ret: ptr(named(cls.name)), name, isStatic: true, noinline: true, noPrototype: true,
      params: [{ type: ptr(named("lua_State")), name: "L" }],
      body: [{ kind: "return", value: cast(ptr(named(cls.name)), call("luaL_checkudata", id("L"), int(1), str(cls.metaName))) }],
    }),
  })];
}

/** The name of the table of a class's ref field offsets. */
const refsName = (cls: ClassModel): string => `${cls.ctor.cname.replace(/_new$/, "")}_refs`;

/** Every registry ref slot of a class, as `offsetof` designators: each ref field, and each element of an array of refs. */
function refSlots(cls: ClassModel): CExpr[] {
  return cls.fields.flatMap((f): CExpr[] => {
    const name = ownFieldName(f.name);
    if (f.ref === "ref") return [id(name)];
    if (f.ref === "refArray") return Array.from({ length: f.length! }, (_, i) => ({ kind: "index", object: id(name), index: int(i) }));
    return [];
  });
}

/**
 * One description of a class's refs, `static const uint16_t <class>_refs[] =
 * { offsetof(T, a), offsetof(T, cbs[0]), ... }`, that the constructor (unset them
 * all) and __gc (release them all) both loop over; none for a class with few refs.
 */
export function refsTable(cls: ClassModel, ctx: BindState["ctx"]): CTopLevel[] {
  const slots = refSlots(cls);
  if (!applies(ctx, "ref-table", slots.length)) return [];
  ctx.include("<stddef.h>");
  ctx.include("<stdint.h>");
  return [{ kind: "blank" }, {
    kind: "var", type: { kind: "array", of: named("uint16_t"), length: null }, name: refsName(cls), isStatic: true, isConst: true,
    init: { kind: "init", fields: slots.map((slot) => ({ value: call("offsetof", id(cls.name), slot) })) },
  }];
}

/** The statements `make` gives for every registry ref of a userdata: one loop over refsTable when it has one. */
function allRefs(ctx: BindState["ctx"], cls: ClassModel, make: (ref: CExpr) => CStmt): CStmt[] {
  const slots = refSlots(cls);
  if (!applies(ctx, "ref-table", slots.length)) return cls.fields.flatMap((f) => eachRef(ctx, f, make));
  const self = id(ctx.frameName("self"));
  return [forEach(ctx, slots.length, (i) => make({ kind: "unary", op: "*", operand: { kind: "cast", type: ptr(named("lua_ref_t")), operand: bin("+", { kind: "cast", type: ptr(named("char")), operand: self }, { kind: "index", object: id(refsName(cls)), index: i }) } }))];
}

/** The statements `make` gives for every registry ref a field holds: itself, or each element of an array of refs. */
function eachRef(ctx: BindState["ctx"], f: FieldModel, make: (ref: CExpr) => CStmt): CStmt[] {
  const field = member(id(ctx.frameName("self")), ownFieldName(f.name), true);
  if (f.ref === "ref") return [make(field)];
  if (f.ref === "refArray") return [forEach(ctx, f.length!, (i) => make({ kind: "index", object: field, index: i }))];
  return [];
}

/** A private or @internal method: a plain C function that takes the userdata first. */
export function privateMethod(s: BindState, c: ClassModel, cm: ClassModel["cMethods"][number]): CTopLevel {
  const ctx = s.ctx;
  const m = cm.node;
  const info = ctx.methodInfo!(m)!;
  return ctx.withFrame(new FunctionFrame(m, ctx.namesOf(m), info.ret, c.struct), () => {
    const params = [{ type: ptr(named(c.name)), name: ctx.frameName("self") }, ...m.getParameters().map((p, i) => {
      const pname = sanitizeIdentifier(p.getName());
      ctx.symbols.set(p, { cname: pname, type: info.params[i]!, kind: "param" });
      return { type: toSpec(info.params[i]!), name: pname };
    })];
    const lowered = lowerBlock(m.getBodyOrThrow(), ctx);
    // a method that does not read `this` still takes it: unused, it is -Wunused-parameter under -Werror
    const selfUnused: CStmt[] = namesIdent(lowered, ctx.frameName("self")) ? [] : [exprStmt(cast(named("void"), id(ctx.frameName("self"))))];
    const body = ctx.extension!.wrapFunctionBody!(ctx, m, [...selfUnused, ...voidUnusedParams(m), ...lowered], cm.cname);
    return { kind: "function", ret: toSpec(info.ret), name: cm.cname, params, body, isStatic: true, ...(cm.doc ? { doc: cm.doc } : {}) };
  });
}
