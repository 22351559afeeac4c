import { Node, ts, type FunctionDeclaration, type InterfaceDeclaration, type SourceFile, type VariableStatement } from "ts-morph";
import { FunctionFrame } from "./frame.ts";
import { startLine } from "./lines.ts";
import { named, ptr, type CExpr, type CParam, type CStmt, type CTopLevel } from "../cast/ast.ts";
import { CompileError } from "../diagnostics/diagnostic.ts";
import type { LowerContext } from "./context.ts";
import { base, headersOf, paramType, toSpec, type CType } from "./ctypes.ts";
import { cTypeOf, structType } from "./typenodes.ts";
import { symbolFor } from "./symbols.ts";
import { lowerBlock, initializerFor, variableType } from "./statements.ts";
import { lowerExpr } from "./expressions.ts";
import { ownFieldName, sanitizeIdentifier } from "../print/names.ts";
import { useBytesType, useListType } from "./helpers.ts";
import { isPrelude } from "../load/project.ts";
import { isOnlyReadByIndex, isReferenced, kconfigGuard } from "./unused.ts";
import { kconfigCondition } from "./kconfig.ts";
import { docOf } from "./doc.ts";
import { tagOf } from "../bind/jsdoc.ts";
import { refuseKeptList } from "./lists.ts";

/** The lowered program, before the binding adds its part and the printer writes it. */
export interface LoweredProgram {
  statics: CTopLevel[];
  functions: CTopLevel[];
}

/** Runs `f`; a CompileError was already reported, so lowering goes on with the next declaration. */
export function guarded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError) return undefined;
    throw e;
  }
}

export function lowerProgram(files: SourceFile[], ctx: LowerContext): LoweredProgram {
  const out: LoweredProgram = { statics: [], functions: [] };
  const own = files.filter((f) => !f.isDeclarationFile() && !isPrelude(f));
  for (const sf of own) {
    for (const st of sf.getStatements()) {
      guarded(() => {
        if (Node.isInterfaceDeclaration(st)) defineStruct(st, ctx);
        else if (Node.isEnumDeclaration(st)) defineEnum(st, ctx);
        else if (Node.isVariableStatement(st)) out.statics.push(...moduleVariables(st, ctx));
      });
    }
  }
  for (const sf of own) {
    for (const fn of sf.getFunctions()) {
      if (!fn.hasBody() || ctx.claimed.has(fn)) continue;
      // an exported function is the program's API (external linkage in C); any other one must be called
      if (!fn.isExported() && fn.getName() !== "main" && !files.some((f) => isReferenced(fn, f))) ctx.error(fn.getNameNode() ?? fn, "UnusedDeclaration", "function", fn.getName() ?? "");
      guarded(() => {
        const f = lowerFunction(fn, ctx);
        // called only under `if (kconfig(...))`: defined only then, or C sees an unused static
        const guard = fn.isExported() ? undefined : kconfigGuard(fn, files);
        out.functions.push(guard ? { ...f, guard } : f);
      });
    }
  }
  return out;
}

/** Struct definitions in dependency order: a struct held by value is defined before its user. */
export function defineStruct(decl: InterfaceDeclaration | Node, ctx: LowerContext, name?: string): void {
  const sname = name ?? (decl as InterfaceDeclaration).getName();
  if (ctx.definedTypes.has(sname)) return;
  ctx.definedTypes.add(sname);
  const t = structType(sname, decl, false, ctx);
  if (t.k !== "struct") return;
  const fields: { type: ReturnType<typeof toSpec>; name: string }[] = [];
  for (const [fname, ft] of t.fields()) {
    requireType(ft, decl, ctx);
    // a pointer to one of our structs uses the tag: the struct may be this one or not defined yet
    const to = base(ft).k === "ptr" ? base((base(ft) as Extract<CType, { k: "ptr" }>).to) : undefined;
    const spec = to?.k === "struct" && !to.external ? ptr(named(`struct ${to.name}`)) : toSpec(ft);
    fields.push({ type: spec, name: ownFieldName(fname) });
  }
  ctx.typeDefs.push({ kind: "typedef-struct", name: sname, fields });
}

/** Makes sure a type's definition and headers are emitted. */
export function requireType(t: CType, at: Node, ctx: LowerContext): void {
  for (const h of headersOf(t)) ctx.include(h);
  const b = base(t);
  if (b.k === "bytes") useBytesType(ctx);
  if (b.k === "array") requireType(b.of, at, ctx);
  if (b.k === "list") {
    useListType(ctx);
    requireType(b.of, at, ctx);
  }
  if (b.k === "struct" && !b.external && !ctx.definedTypes.has(b.name)) {
    // one of the program's interfaces (a userdata class is defined by the binding)
    if (Node.isInterfaceDeclaration(b.decl)) defineStruct(b.decl, ctx);
  }
}

function defineEnum(decl: import("ts-morph").EnumDeclaration, ctx: LowerContext): void {
  const name = decl.getName();
  if (ctx.definedTypes.has(name)) return;
  ctx.definedTypes.add(name);
  const members = decl.getMembers().map((m) => {
    const v = m.getValue();
    if (typeof v !== "number" || !Number.isInteger(v)) ctx.fail(m, "EnumMember", m.getName());
    return { name: symbolFor(m, ctx)!.cname, value: String(v) };
  });
  ctx.typeDefs.push({ kind: "enum", name, members });
}

function moduleVariables(st: VariableStatement, ctx: LowerContext): CTopLevel[] {
  const isConst = st.getDeclarationKind() === "const";
  return st.getDeclarations().map((d): CTopLevel => {
    const cname = sanitizeIdentifier(d.getName());
    const init = d.getInitializer();
    // an integer constant becomes a macro: usable in case labels and array sizes, like C code would write it
    if (isConst && init && !d.getTypeNode() && (Node.isNumericLiteral(init) || (Node.isPrefixUnaryExpression(init) && Node.isNumericLiteral(init.getOperand())))) {
      const text = init.getText();
      if (!/[.eE]/.test(text)) {
        const value = BigInt(text.replace(/^-/, "")) * (text.startsWith("-") ? -1n : 1n);
        ctx.symbols.set(d, { cname, type: { k: "int", name: "int" }, kind: "static", constValue: value });
        // the source spelling (0x8001 stays hex), without TypeScript's digit separators
        const spelled: CExpr = { kind: "int", text: text.replace(/_/g, "").replace(/^-\s*/, "") };
        return { kind: "define", name: cname, body: value < 0n ? { kind: "unary", op: "-", operand: spelled } : spelled };
      }
    }
    const t = variableType(d, ctx);
    refuseKeptList(ctx, t, d, `module variable '${d.getName()}'`);
    requireType(t, d, ctx);
    ctx.symbols.set(d, { cname, type: t, kind: "static" });
    const cinit = initializerFor(d, t, ctx);
    // TypeScript's const freezes the binding, not the elements or fields: arrays and structs stay writable,
    // unless it is a lookup table: numbers or pointers that nothing but element reads ever use
    const bt = base(t);
    const table = bt.k === "array" && !["struct", "array"].includes(base(bt.of).k) && isOnlyReadByIndex(d, ctx.sources);
    const frozen = isConst && bt.k !== "struct" && (bt.k !== "array" || table);
    // exported: external linkage; otherwise static, and it must be used (-Wunused-variable)
    const exported = st.isExported();
    if (!exported && !ctx.sources.some((f) => isReferenced(d, f, true))) ctx.error(d, "UnusedDeclaration", "module variable", d.getName());
    return { kind: "var", type: toSpec(t), name: cname, isStatic: !exported, isConst: frozen, ...(cinit ? { init: cinit } : {}) };
  });
}

export function lowerFunction(fn: FunctionDeclaration, ctx: LowerContext): Extract<CTopLevel, { kind: "function" }> {
  const info = symbolFor(fn, ctx)!;
  const name = info.cname;
  const ret = info.fn!.ret;
  const params: CParam[] = fn.getParameters().map((p) => {
    const tn = p.getTypeNode();
    if (!tn) return ctx.fail(p, "MissingType", `parameter '${p.getName()}'`);
    if (p.hasInitializer() || p.hasQuestionToken()) ctx.fail(p, "UnsupportedSyntax", "an optional parameter outside a Lua binding");
    const t = paramType(cTypeOf(tn, ctx));
    requireType(t, p, ctx);
    const cname = sanitizeIdentifier(p.getName());
    ctx.symbols.set(p, { cname, type: t, kind: "param" });
    return { type: toSpec(t), name: cname };
  });
  refuseKeptList(ctx, ret, fn.getReturnTypeNode() ?? fn, `the result of the plain C function '${fn.getName()}'`);
  requireType(ret, fn, ctx);
  // a `void` main is `int main(void)` in C: an early `return;` returns 0 there too
  const zero: CStmt = { kind: "return", value: { kind: "int", text: "0" } };
  const mainReturn = name === "main" && ret.k === "void"
    ? (e: Node | undefined): CStmt[] => (e ? [{ kind: "expr", expr: lowerExpr(e, ctx).c }, zero] : [zero]) : undefined;
  const body = ctx.withFrame(new FunctionFrame(fn, ctx.namesOf(fn), ret, undefined, mainReturn), () => {
    const lowered: CStmt[] = [...voidUnusedParams(fn), ...lowerBlock(fn.getBodyOrThrow(), ctx)];
    return ctx.extension?.wrapFunctionBody?.(ctx, fn, lowered, name) ?? lowered;
  });
  const sf = fn.getSourceFile();
  const isMain = name === "main";
  return {
    kind: "function",
    ret: isMain ? { kind: "name", name: "int" } : toSpec(ret),
    name,
    params,
    body: isMain && ret.k === "void" ? [...body, { kind: "return", value: { kind: "int", text: "0" } }] : body,
    isStatic: !isMain && !fn.isExported(),
    line: { line: startLine(fn), file: sf.getFilePath() },
    ...(docOf(fn) ? { doc: docOf(fn) } : {}),
    // an error path: the C compiler keeps it out of line (a logging call inlined at each caller costs flash)
    ...(tagOf(fn, "cold") !== undefined ? { cold: true } : {}),
  };
}

/**
 * A callback must keep the signature its caller expects even when it ignores
 * a parameter: `(void)p;` says so to the C compiler (-Wunused-parameter).
 */
export function voidUnusedParams(fn: Node): CStmt[] {
  if (!Node.isFunctionDeclaration(fn) && !Node.isMethodDeclaration(fn)) return [];
  const body = fn.getBody();
  if (!body) return [];
  // a parameter read only under `if (kconfig(...))` is unused when the symbol is off;
  // TypeScript's own nodes are walked (wrapping each in ts-morph is the slow part)
  const checker = fn.getProject().getTypeChecker().compilerObject;
  const used = new Set<ts.Node | undefined>();
  const visit = (n: ts.Node): void => {
    if (ts.isIfStatement(n) && kconfigCondition(n.expression, fn) !== undefined) return;
    if (ts.isIdentifier(n)) used.add(checker.getSymbolAtLocation(n)?.declarations?.[0]);
    ts.forEachChild(n, visit);
  };
  visit(body.compilerNode);
  return fn.getParameters()
    .filter((p) => !used.has(p.compilerNode))
    .map((p): CStmt => ({ kind: "expr", expr: { kind: "cast", type: { kind: "name", name: "void" }, operand: { kind: "ident", name: sanitizeIdentifier(p.getName()) } } }));
}

