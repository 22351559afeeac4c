import { Node, SyntaxKind, type ClassDeclaration, type FunctionDeclaration, type MethodDeclaration, type ConstructorDeclaration, type ParameterDeclaration, type SourceFile, type Block } from "ts-morph";
import { bin, call, exprStmt, id, int, member, named, ptr, type CExpr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import type { LowerContext, LoweringExtension, Typed } from "../lower/context.ts";
import { lowerBlock } from "../lower/statements.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { base, describe, toSpec, BOOL, type CType } from "../lower/ctypes.ts";
import { cTypeOf, structType } from "../lower/typenodes.ts";
import { declarationOf } from "../lower/symbols.ts";
import { paramType, requireType, voidUnusedParams } from "../lower/program.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { bindParams, parseArgs, type BoundParam } from "./args.ts";
import { useArgHelpers } from "./helpers.ts";
import { luaTaskFunctions, type LuaTask } from "./luatask.ts";
import { romTables } from "./rom.ts";

const moduleTag = /@luaModule\s+(\w+)/;

function leadingComment(sf: SourceFile): string {
  return sf.getFullText().slice(0, 4000).match(/^\s*\/\*\*[\s\S]*?\*\//)?.[0] ?? "";
}

/** A file is a Lua module when its leading comment has `@luaModule <name>`. */
export function isLuaModule(sf: SourceFile): boolean {
  return moduleTag.test(leadingComment(sf));
}

export interface BindingResult {
  finish(): { functions: CTopLevel[]; tail: CTopLevel[] };
}

export function tagOf(node: Node, tag: string): string | undefined {
  if (!Node.isJSDocable(node)) return undefined;
  for (const doc of node.getJsDocs()) {
    for (const t of doc.getTags()) if (t.getTagName() === tag) return (t.getCommentText() ?? "").trim();
  }
  return undefined;
}

/** A Lua-visible function of the module: what the ROM tables list. */
export interface LuaEntry {
  key: string;
  cname: string;
}

interface LuaFnState {
  params: Map<Node, BoundParam>;
  /** C locals of the arguments that the body reads (index locals, type locals, values) */
  usedIndex: Set<string>;
}

/** The binding pass: derives the Lua glue of a module from its TypeScript declarations (docs/modules.md). */
export function bindModule(entry: SourceFile, ctx: LowerContext): BindingResult {
  const comment = leadingComment(entry);
  const modName = comment.match(moduleTag)![1]!;
  const cfg = comment.match(/@kconfig\s+(\w+)/)?.[1] ?? modName.toUpperCase();
  for (const h of ['"module.h"', '"lauxlib.h"', '"lnodeaux.h"', "<stdbool.h>", "<string.h>"]) ctx.include(h);

  const classes = entry.getClasses().filter((c) => tagOf(c, "userdata") !== undefined);
  const tasks = entry.getFunctions().filter((f) => tagOf(f, "luaTask") !== undefined);
  const taskByDecl = new Map<Node, LuaTask>();
  const moduleFns = entry.getFunctions().filter((f) => f.isExported() && f.hasBody());
  for (const f of moduleFns) ctx.claimed.add(f);

  let luaFn: LuaFnState | undefined; // set while a Lua C function's body is lowered
  let usesL = false;
  /** the Lua state in generated code: a Lua C function's parameter, else fetched with lua_getstate() */
  const Lst = (): CExpr => {
    if (!luaFn) usesL = true;
    return id("L");
  };

  const classStruct = new Map<ClassDeclaration, CType>();
  for (const c of classes) {
    const t = structType(c.getName()!, c, false, ctx);
    classStruct.set(c, t);
  }
  const metaName = (c: ClassDeclaration) => tagOf(c, "userdata") || `${modName}.${c.getName()!.toLowerCase()}`;

  /** The userdata class a pointer type points at, if any. */
  const userdataOf = (t: CType): ClassDeclaration | undefined => {
    const b = base(t);
    const s = b.k === "ptr" ? base(b.to) : b;
    if (s.k !== "struct") return undefined;
    return classes.find((c) => c.getName() === s.name);
  };

  /** Pushes a value; a computed byte string goes through a temporary so it is evaluated once. */
  const pushStmts = (v: Typed, at: Node): CStmt[] => {
    if (base(v.t).k === "bytes" && v.c.kind !== "ident" && v.c.kind !== "member") {
      return [{ kind: "block", body: [
        { kind: "decl", type: named("tsc2c_bytes"), name: "pushed", init: v.c },
        exprStmt(call("lua_pushlstring", Lst(), member(id("pushed"), "ptr"), member(id("pushed"), "len"))),
      ] }];
    }
    return [exprStmt(pushValue(v, at))];
  };
  const pushValue = (v: Typed, at: Node): CExpr => {
    const b = base(v.t);
    if (userdataOf(v.t)) return call("luaX_push_weak_ref", Lst(), member(v.c, "self_ref", b.k === "ptr"));
    switch (b.k) {
      case "bool": return call("lua_pushboolean", Lst(), v.c);
      case "int": case "enum": return call("lua_pushinteger", Lst(), v.c);
      case "double": return call("lua_pushnumber", Lst(), v.c);
      case "bytes": return call("lua_pushlstring", Lst(), member(v.c, "ptr"), member(v.c, "len"));
      case "cstring": return call("lua_pushstring", Lst(), v.c);
      case "null": return call("lua_pushnil", Lst());
      default: return ctx.fail(at, "BindingReturn", describe(v.t));
    }
  };

  const paramOf = (node: Node): BoundParam | undefined => {
    const d = declarationOf(node);
    return d && luaFn ? luaFn.params.get(d) : undefined;
  };
  const indexOf = (b: BoundParam): CExpr => {
    // a function or table argument's value is its stack index
    const only = b.locals.size === 1 ? [...b.locals.entries()][0]! : undefined;
    if (only && (only[0] === "function" || only[0] === "table")) {
      luaFn!.usedIndex.add(only[1].cname);
      return id(only[1].cname);
    }
    if (b.indexLocal) luaFn!.usedIndex.add(b.indexLocal);
    return b.index;
  };

  const extension: LoweringExtension = {
    lowerIdentifier(_ctx, node) {
      const name = node.getText();
      const fromPrelude = declarationOf(node)?.getSourceFile().getFilePath().endsWith("prelude/lua.d.ts");
      if (name === "LUA_NOREF" && fromPrelude) return { c: id("LUA_NOREF"), t: { k: "lua", what: "ref" } };
      if (name === "L" && fromPrelude) {
        if (!luaFn) usesL = true;
        return { c: Lst(), t: { k: "lua", what: "state" } };
      }
      const b = paramOf(node);
      if (!b) return undefined;
      if (b.locals.size < 2) {
        luaFn!.usedIndex.add([...b.locals.values()][0]!.cname);
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
      luaFn!.usedIndex.add(l.cname);
      return { c: id(l.cname), t: l.t, ...(base(l.t).k === "struct" ? { structValue: true } : {}) };
    },

    lowerAssign(_ctx, node, target, value) {
      if (base(target.t).k !== "lua" || (base(target.t) as { what: string }).what !== "ref") return undefined;
      const ref = { kind: "unary" as const, op: "&" as const, operand: target.c };
      if (value.getKind() === SyntaxKind.NullKeyword) return call("luaX_unset_ref", Lst(), ref);
      const setFromTop = (push: CExpr): CExpr => ({ kind: "comma", exprs: [push, call("luaX_set_ref", Lst(), int(-1), ref), call("lua_pop", Lst(), int(1))] });
      if (Node.isIdentifier(value)) {
        const b = paramOf(value);
        if (b) {
          const idx = indexOf(b);
          if (b.shape.optional || b.shape.nullable) {
            return { kind: "cond", test: bin("!=", idx, int(0)), then: call("luaX_set_ref", Lst(), idx, ref), else: call("luaX_unset_ref", Lst(), ref) };
          }
          return call("luaX_set_ref", Lst(), idx, ref);
        }
      }
      if (Node.isPropertyAccessExpression(value)) {
        const b = paramOf(value.getExpression());
        if (b) return setFromTop(call("lua_getfield", Lst(), indexOf(b), { kind: "string", bytes: [...Buffer.from(value.getName())] }));
      }
      const v = lowerExpr(value, ctx);
      if (userdataOf(v.t)) return setFromTop(pushValue(v, value));
      const vk = base(v.t);
      if (vk.k === "lua" && (vk.what === "function" || vk.what === "table")) {
        // a Lua argument passed on to a C function: its stack index (0 when absent)
        return { kind: "cond", test: bin("!=", v.c, int(0)), then: call("luaX_set_ref", Lst(), v.c, ref), else: call("luaX_unset_ref", Lst(), ref) };
      }
      // a raw ref value (LUA_NOREF) is stored as it is
      if (vk.k === "lua") return { kind: "assign", op: "=", target: target.c, value: v.c };
      return ctx.fail(node, "BindingRefAssign", "a LuaRef field takes a Lua argument (function, string, table), a field of a table argument, a userdata, or null");
    },

    lowerStatement(_ctx, expr) {
      if (!Node.isCallExpression(expr)) return undefined;
      const name = expr.getExpression().getText();
      if (name === "callLua") {
        if (!luaFn) usesL = true;
        const [fn, ...args] = expr.getArguments();
        const pushes = args.flatMap((a) => pushStmts(lowerExpr(a, ctx), a));
        return [{
          kind: "if",
          test: (useArgHelpers(ctx, "push_ref"), call("push_ref", Lst(), lowerExpr(fn!, ctx).c)),
          then: [...pushes, exprStmt(call("luaL_pcallx", Lst(), int(args.length), int(0)))],
        }];
      }
      if (name === "luaError") {
        if (!luaFn) usesL = true;
        const msgNode = expr.getArguments()[0]!;
        const msg = lowerTo(msgNode, { k: "cstring" }, ctx);
        // a literal without '%' is its own format; anything else goes through "%s"
        const plain = Node.isStringLiteral(msgNode) && !msgNode.getLiteralValue().includes("%");
        const err = plain ? call("luaL_error", Lst(), msg) : call("luaL_error", Lst(), { kind: "string", bytes: [...Buffer.from("%s")] }, msg);
        return [luaFn ? { kind: "return", value: err } : exprStmt(err)];
      }
      return undefined;
    },

    lowerCall(_ctx, node, name, args) {
      switch (name) {
        case "refBytes":
          useArgHelpers(ctx, "ref_bytes");
          if (!luaFn) usesL = true;
          return { c: call("ref_bytes", Lst(), lowerExpr(args[0]!, ctx).c), t: { k: "bytes" } };
        case "cstr": {
          const v = lowerExpr(args[0]!, ctx);
          return { c: member(v.c, "ptr"), t: { k: "cstring" } };
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
        case "isTable":
        case "isString": {
          const b = paramOf(args[0]!);
          if (!b?.typeLocal) return ctx.fail(node, "BindingParam", args[0]!.getText(), `${name}() tests a union parameter`);
          luaFn!.usedIndex.add(b.typeLocal);
          return { c: bin("==", id(b.typeLocal), id(name === "isTable" ? "LUA_TTABLE" : "LUA_TSTRING")), t: BOOL };
        }
      }
      const callee = (node as import("ts-morph").CallExpression).getExpression();
      const decl = Node.isIdentifier(callee) ? declarationOf(callee) : undefined;
      const task = decl && taskByDecl.get(decl);
      if (task) return task.lowerPost(node as import("ts-morph").CallExpression, ctx);
      return undefined;
    },

    wrapFunctionBody(_ctx, _fn, body) {
      const needsL = usesL;
      usesL = false;
      return needsL ? [{ kind: "decl", type: ptr(named("lua_State")), name: "L", init: call("lua_getstate") }, ...body] : body;
    },
  };
  ctx.extension = extension;

  // private methods: plain C functions that take the userdata first
  const methodName = (c: ClassDeclaration, m: MethodDeclaration | string) => `${sanitizeIdentifier(modName)}_${c.getName()!.toLowerCase()}_${typeof m === "string" ? m : m.getName().replace(/^__/, "")}`;
  ctx.methodInfo = (m) => {
    if (!Node.isMethodDeclaration(m) || !isCOnly(m)) return undefined;
    const c = m.getParentIfKindOrThrow(SyntaxKind.ClassDeclaration);
    return {
      cname: methodName(c, m),
      params: m.getParameters().map((p) => paramType(cTypeOf(p.getTypeNodeOrThrow(), ctx))),
      ret: m.getReturnTypeNode() ? cTypeOf(m.getReturnTypeNode()!, ctx) : { k: "void" },
    };
  };

  for (const f of tasks) taskByDecl.set(f, new (luaTaskFunctions(modName))(f, ctx));

  /** A Lua C function: `static int name(lua_State *L)` reading its arguments, then the TS body. */
  function luaFunction(cname: string, params: ParameterDeclaration[], bodyNode: Block | undefined, opts: { cls?: ClassDeclaration; kind: "function" | "method" | "constructor" | "gc"; ret?: CType }): CTopLevel {
    const firstIndex = opts.kind === "method" || opts.kind === "gc" ? 2 : 1;
    const state: LuaFnState = { params: new Map(), usedIndex: new Set() };
    luaFn = state;
    ctx.resetTemps();
    const bound = bindParams(params, firstIndex, ctx);
    params.forEach((p, i) => {
      state.params.set(p, bound[i]!);
      const b = bound[i]!;
      if (b.locals.size === 1) {
        const l = [...b.locals.values()][0]!;
        ctx.symbols.set(p, { cname: l.cname, type: l.t, kind: "local" });
      }
    });
    const selfT = opts.cls ? classStruct.get(opts.cls)! : undefined;
    ctx.selfType = selfT;
    const ret = opts.ret ?? { k: "void" };
    ctx.returnType = ret;
    ctx.luaReturn = (v) => (v ? [...pushStmts({ c: v, t: ret }, bodyNode!), { kind: "return", value: int(1) }] : [{ kind: "return", value: int(0) }]);
    let body: CStmt[] = [];
    try {
      body = bodyNode ? lowerBlock(bodyNode, ctx) : [];
    } finally {
      ctx.luaReturn = undefined;
      ctx.selfType = undefined;
      luaFn = undefined;
    }
    const args = parseArgs(bound, firstIndex, state.usedIndex, ctx);
    const pre: CStmt[] = [];
    const post: CStmt[] = [];
    if (opts.cls && selfT) {
      const sname = opts.cls.getName()!;
      const selfType = ptr(named(sname));
      if (opts.kind === "constructor") {
        // arguments are checked before anything is allocated
        pre.push(...args);
        pre.push({ kind: "decl", type: selfType, name: "self", init: { kind: "cast", type: selfType, operand: call("lua_newuserdata", Lst(), { kind: "sizeof", type: named(sname) }) } });
        pre.push(exprStmt(call("memset", id("self"), int(0), { kind: "sizeof", type: named(sname) })));
        for (const [fname, ft] of selfT.k === "struct" ? selfT.fields() : []) {
          if (base(ft).k === "lua") pre.push(exprStmt({ kind: "assign", op: "=", target: member(id("self"), sanitizeIdentifier(fname), true), value: id("LUA_NOREF") }));
        }
        for (const prop of opts.cls.getProperties()) {
          const init = prop.getInitializer();
          if (!init || init.getKind() === SyntaxKind.NullKeyword) continue;
          const ft = cTypeOf(prop.getTypeNodeOrThrow(), ctx);
          pre.push(exprStmt({ kind: "assign", op: "=", target: member(id("self"), sanitizeIdentifier(prop.getName()), true), value: lowerTo(init, ft, ctx) }));
        }
        pre.push(exprStmt(call("luaL_getmetatable", Lst(), { kind: "string", bytes: [...Buffer.from(metaName(opts.cls))] })));
        pre.push(exprStmt(call("lua_setmetatable", Lst(), int(-2))));
        pre.push(exprStmt(call("lua_pushvalue", Lst(), int(-1))));
        pre.push(exprStmt({ kind: "assign", op: "=", target: member(id("self"), "self_ref", true), value: call("luaX_weak_ref", Lst()) }));
        pre.push({ kind: "decl", type: named("int"), name: "self_index", init: call("lua_gettop", Lst()) });
        post.push(exprStmt(call("lua_settop", Lst(), id("self_index"))), { kind: "return", value: int(1) });
      } else {
        pre.push({ kind: "decl", type: selfType, name: "self", init: { kind: "cast", type: selfType, operand: call("luaL_checkudata", Lst(), int(1), { kind: "string", bytes: [...Buffer.from(metaName(opts.cls))] }) } });
        pre.push(...args);
        if (opts.kind === "gc") {
          // every registry ref the userdata holds is released with it
          for (const [fname, ft] of selfT.k === "struct" ? selfT.fields() : []) {
            if (base(ft).k === "lua") post.push(exprStmt(call("luaX_unset_ref", Lst(), { kind: "unary", op: "&", operand: member(id("self"), sanitizeIdentifier(fname), true) })));
          }
        }
      }
    } else pre.push(...args);
    const last = body[body.length - 1];
    if (opts.kind !== "constructor" && last?.kind !== "return") post.push({ kind: "return", value: int(0) });
    usesL = false; // a Lua C function has its own L: nothing to fetch
    return { kind: "function", ret: named("int"), name: cname, params: [{ type: ptr(named("lua_State")), name: "L" }], body: [...pre, ...body, ...post], isStatic: true, line: { line: (bodyNode ?? params[0] ?? entry).getStartLineNumber(), file: entry.getFilePath() } };
  }

  return {
    finish() {
      const functions: CTopLevel[] = [];
      const moduleEntries: LuaEntry[] = [];
      const metas: { name: string; entries: LuaEntry[] }[] = [];
      for (const c of classes) {
        const sname = c.getName()!;
        // the struct: the class's fields plus a weak ref to the userdata itself (to pass it to callbacks)
        const selfT = classStruct.get(c)!;
        const fields = [...(selfT.k === "struct" ? selfT.fields() : new Map<string, CType>())].map(([n, t]) => {
          requireType(t, c, ctx);
          return { type: toSpec(t), name: sanitizeIdentifier(n) };
        });
        fields.push({ type: named("lua_ref_t"), name: "self_ref" });
        ctx.typeDefs.push({ kind: "typedef-struct", name: sname, fields });

        const ctor: ConstructorDeclaration | undefined = c.getConstructors()[0];
        const ctorName = `${sanitizeIdentifier(modName)}_${sname.toLowerCase()}_new`;
        try {
          functions.push(luaFunction(ctorName, ctor?.getParameters() ?? [], ctor?.getBody() as Block | undefined, { cls: c, kind: "constructor" }));
        } catch { /* reported */ }
        moduleEntries.push({ key: sname, cname: ctorName });
        const entries: LuaEntry[] = [];
        for (const m of c.getMethods()) {
          const cname = methodName(c, m);
          try {
            if (isCOnly(m)) {
              functions.push(privateMethod(c, m, cname));
              continue;
            }
            const kind = m.getName() === "__gc" ? "gc" : "method";
            const ret = m.getReturnTypeNode() ? cTypeOf(m.getReturnTypeNode()!, ctx) : undefined;
            functions.push(luaFunction(cname, m.getParameters(), m.getBody() as Block, { cls: c, kind, ...(ret ? { ret } : {}) }));
            entries.push({ key: m.getName(), cname });
          } catch { /* reported */ }
        }
        metas.push({ name: `${sanitizeIdentifier(modName)}_${sname.toLowerCase()}_mt`, entries });
      }
      for (const f of moduleFns) {
        const cname = `${sanitizeIdentifier(modName)}_${f.getName()!}`;
        try {
          const ret = f.getReturnTypeNode() ? cTypeOf(f.getReturnTypeNode()!, ctx) : undefined;
          functions.push(luaFunction(cname, f.getParameters(), f.getBody() as Block, { kind: "function", ...(ret ? { ret } : {}) }));
          moduleEntries.push({ key: f.getName()!, cname });
        } catch { /* reported */ }
      }
      for (const t of taskByDecl.values()) functions.push(...t.support());
      const tail = romTables({
        modName, cfg, ctx, entry, moduleEntries, metas,
        metaNames: classes.map((c, i) => ({ luaName: metaName(c), rom: metas[i]!.name })),
        taskInits: [...taskByDecl.values()].map((t) => t.init()),
      });
      functions.push(...tail.functions);
      return { functions, tail: tail.items };
    },
  };

  function privateMethod(c: ClassDeclaration, m: MethodDeclaration, cname: string): CTopLevel {
    const info = ctx.methodInfo!(m)!;
    ctx.selfType = classStruct.get(c);
    ctx.returnType = info.ret;
    const params = [{ type: ptr(named(c.getName()!)), name: "self" }, ...m.getParameters().map((p, i) => {
      const cname2 = sanitizeIdentifier(p.getName());
      ctx.symbols.set(p, { cname: cname2, type: info.params[i]!, kind: "param" });
      return { type: toSpec(info.params[i]!), name: cname2 };
    })];
    let body: CStmt[];
    usesL = false;
    try {
      body = extension.wrapFunctionBody!(ctx, m, [...voidUnusedParams(m), ...lowerBlock(m.getBodyOrThrow(), ctx)]);
    } finally {
      ctx.selfType = undefined;
    }
    return { kind: "function", ret: toSpec(info.ret), name: cname, params, body, isStatic: true };
  }
}

/** Private methods, and those tagged @internal (callable from the module's functions), are not Lua methods. */
function isCOnly(m: MethodDeclaration): boolean {
  return m.hasModifier(SyntaxKind.PrivateKeyword) || tagOf(m, "internal") !== undefined;
}

export type { FunctionDeclaration };
