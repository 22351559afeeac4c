import { Node, SyntaxKind, ts, type Statement, type VariableDeclaration } from "ts-morph";
import { startLine } from "./lines.ts";
import { kconfigParts } from "./kconfig.ts";
import { intrinsicOf } from "../load/prelude.ts";
import { exprStmt, type CExpr, type CStmt, type CSwitchCase } from "../cast/ast.ts";
import type { LowerContext } from "./context.ts";
import { lowerCondition, lowerExpr, lowerTo } from "./expressions.ts";
import { base, describe, headersOf, isInteger, toSpec, type CType } from "./ctypes.ts";
import { cTypeOf } from "./typenodes.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { useBytesType } from "./helpers.ts";
import { asValue } from "./coerce.ts";
import { isReferenced, localScope, onlyUnderKconfig } from "./unused.ts";
import { refuseKeptList } from "./lists.ts";

type StmtVisitor = (node: Node, ctx: LowerContext) => CStmt[];

/** One visitor per statement construct, dispatched by SyntaxKind. */
const visitors: Partial<Record<SyntaxKind, StmtVisitor>> = {
  [SyntaxKind.Block]: (n, ctx) => [{ kind: "block", body: lowerBlock(n, ctx) }],
  [SyntaxKind.EmptyStatement]: () => [],
  [SyntaxKind.ExpressionStatement]: (n, ctx) => {
    const e = n.asKindOrThrow(SyntaxKind.ExpressionStatement).getExpression();
    return ctx.extension?.lowerStatement?.(ctx, e) ?? [exprStmt(lowerExpr(e, ctx).c)];
  },
  [SyntaxKind.VariableStatement]: (n, ctx) =>
    n.asKindOrThrow(SyntaxKind.VariableStatement).getDeclarations().flatMap((d) => ctx.extension?.lowerLocal?.(ctx, d) ?? [localDeclaration(d, ctx)]),
  [SyntaxKind.IfStatement]: ifStatement,
  [SyntaxKind.WhileStatement]: (n, ctx) => {
    const w = n.asKindOrThrow(SyntaxKind.WhileStatement);
    return [{ kind: "while", test: lowerCondition(w.getExpression(), ctx), body: lowerBody(w.getStatement(), ctx) }];
  },
  [SyntaxKind.DoStatement]: (n, ctx) => {
    const d = n.asKindOrThrow(SyntaxKind.DoStatement);
    return [{ kind: "do", test: lowerCondition(d.getExpression(), ctx), body: lowerBody(d.getStatement(), ctx) }];
  },
  [SyntaxKind.ForStatement]: forStatement,
  [SyntaxKind.SwitchStatement]: switchStatement,
  [SyntaxKind.BreakStatement]: (n, ctx) => jump(n, [{ kind: "break" }], ctx),
  [SyntaxKind.ContinueStatement]: (n, ctx) => jump(n, [{ kind: "continue" }], ctx),
  [SyntaxKind.ReturnStatement]: (n, ctx) => {
    const e = n.asKindOrThrow(SyntaxKind.ReturnStatement).getExpression();
    const frame = ctx.frame!;
    // a Lua C function returns its results on the Lua stack
    if (frame.returnHook) return frame.returnHook(e);
    const value = e ? asValue(lowerTo(e, frame.returnType, ctx), frame.returnType) : undefined;
    return jump(n, [value ? { kind: "return", value } : { kind: "return" }], ctx);
  },
  // only `for (const [k, v] of pairs(t))` passes the subset check; the binding lowers it
  [SyntaxKind.ForOfStatement]: (n, ctx) => ctx.extension?.lowerForOf?.(ctx, n) ?? ctx.fail(n, "ForOf"),
};

/** A break, continue or return: the binding may first undo what loops it leaves pushed. */
function jump(n: Node, lowered: CStmt[], ctx: LowerContext): CStmt[] {
  return ctx.extension?.lowerJump?.(ctx, n, lowered) ?? lowered;
}

export function lowerStatement(node: Statement | Node, ctx: LowerContext): CStmt[] {
  const visit = visitors[node.getKind()];
  if (!visit) return ctx.fail(node, "UnsupportedSyntax", `statement '${node.getKindName()}'`);
  return visit(node, ctx);
}

export function lowerBlock(node: Node, ctx: LowerContext): CStmt[] {
  // each statement says where it comes from; the printer writes it as #line only with --line-directives
  const lowered = node.asKindOrThrow(SyntaxKind.Block).getStatements().flatMap((s) => {
    const c = lowerStatement(s, ctx);
    return c.length ? [{ kind: "line", line: startLine(s), file: "" } as CStmt, ...c] : c;
  });
  return ctx.extension?.lowerBlockEnd?.(ctx, node, lowered) ?? lowered;
}

/** A loop or branch body, always braced in C. */
export function lowerBody(node: Node, ctx: LowerContext): CStmt[] {
  return Node.isBlock(node) ? lowerBlock(node, ctx) : lowerStatement(node, ctx);
}

/** The C type of a variable: its annotation, else its initializer's type. */
export function variableType(d: VariableDeclaration, ctx: LowerContext): CType {
  const tn = d.getTypeNode();
  if (tn) return cTypeOf(tn, ctx);
  const init = d.getInitializer();
  if (!init) return ctx.fail(d, "MissingType", `variable '${d.getName()}'`);
  const t = lowerExpr(init, ctx).t;
  if (base(t).k === "null") return ctx.fail(d, "MissingType", `variable '${d.getName()}' (null has no C type)`);
  return t;
}

/** The initializer of a variable, including `fill(n, v)` for arrays. */
export function initializerFor(d: VariableDeclaration, t: CType, ctx: LowerContext): CExpr | undefined {
  const init = d.getInitializer();
  if (!init) return undefined;
  if (Node.isCallExpression(init) && intrinsicOf(init) === "fill") {
    const b = base(t);
    if (b.k !== "array") return ctx.fail(init, "ObjectLiteralType");
    const v = lowerTo(init.getArguments()[1]!, b.of, ctx);
    const zero = v.kind === "int" && v.text === "0";
    return { kind: "init", fields: zero ? [] : Array.from({ length: b.length }, () => ({ value: v })) };
  }
  return lowerTo(init, t, ctx);
}

/** `const s = slots[i]` names that struct in TypeScript: in C it is a pointer to it, never a copy. */
function structAlias(d: VariableDeclaration, t: CType, ctx: LowerContext): CExpr | undefined {
  const init = d.getInitializer();
  if (d.getTypeNode() || !init || base(t).k !== "struct") return undefined;
  const v = lowerExpr(init, ctx);
  if (!v.structValue || v.c.kind === "init" || v.c.kind === "call" || v.c.kind === "compound") return undefined;
  return { kind: "unary", op: "&", operand: v.c };
}

function localDeclaration(d: VariableDeclaration, ctx: LowerContext): CStmt {
  let t = variableType(d, ctx);
  refuseKeptList(ctx, t, d, `local '${d.getName()}'`);
  if (base(t).k === "bytes") useBytesType(ctx);
  for (const h of headersOf(t)) ctx.include(h);
  if (!isReferenced(d, localScope(d))) ctx.error(d, "UnusedDeclaration", "local", d.getName());
  else if (onlyUnderKconfig(d, localScope(d))) ctx.error(d, "KconfigOnlyUse", d.getName());
  const alias = structAlias(d, t, ctx);
  if (alias) t = { k: "ptr", to: t };
  const init = alias ?? initializerFor(d, t, ctx);
  const cname = sanitizeIdentifier(d.getName());
  ctx.symbols.set(d, { cname, type: t, kind: "local" });
  return { kind: "decl", type: toSpec(t), name: cname, ...(init ? { init } : {}) };
}

function ifStatement(node: Node, ctx: LowerContext): CStmt[] {
  const s = node.asKindOrThrow(SyntaxKind.IfStatement);
  const els = s.getElseStatement();
  const parts = kconfigParts(s.getExpression().compilerNode as ts.Expression, s);
  if (parts?.cond === "") return ctx.fail(s.getExpression(), "KconfigName");
  if (parts?.rest) {
    // `if (kconfig("X") && c) a`: `#if X` around `if (c) a`; an else would belong to both, so it is refused
    if (els) return ctx.fail(s.getExpression(), "KconfigPlacement", /CONFIG_(\w+)/.exec(parts.cond)![1]!);
    const rest = s.getExpression().getDescendants().find((d) => d.compilerNode === parts.rest)!;
    return [{ kind: "pp-if", cond: parts.cond, then: [{ kind: "if", test: lowerCondition(rest, ctx), then: lowerBody(s.getThenStatement(), ctx) }] }];
  }
  if (parts) {
    return [{ kind: "pp-if", cond: parts.cond, then: lowerBody(s.getThenStatement(), ctx), ...(els ? { else: lowerBody(els, ctx) } : {}) }];
  }
  return [{
    kind: "if",
    test: lowerCondition(s.getExpression(), ctx),
    then: lowerBody(s.getThenStatement(), ctx),
    ...(els ? { else: lowerBody(els, ctx) } : {}),
  }];
}

function forStatement(node: Node, ctx: LowerContext): CStmt[] {
  const f = node.asKindOrThrow(SyntaxKind.ForStatement);
  const init = f.getInitializer();
  let cinit: CStmt | undefined;
  if (init && Node.isVariableDeclarationList(init)) {
    const decls = init.getDeclarations();
    if (decls.length !== 1) return ctx.fail(init, "UnsupportedSyntax", "several declarations in a for initializer");
    cinit = localDeclaration(decls[0]!, ctx);
  } else if (init) {
    cinit = exprStmt(lowerExpr(init, ctx).c);
  }
  const cond = f.getCondition();
  const inc = f.getIncrementor();
  return [{
    kind: "for",
    ...(cinit ? { init: cinit } : {}),
    ...(cond ? { test: lowerCondition(cond, ctx) } : {}),
    ...(inc ? { update: lowerExpr(inc, ctx).c } : {}),
    body: lowerBody(f.getStatement(), ctx),
  }];
}

function switchStatement(node: Node, ctx: LowerContext): CStmt[] {
  const s = node.asKindOrThrow(SyntaxKind.SwitchStatement);
  const test = lowerExpr(s.getExpression(), ctx);
  if (!isInteger(test.t)) return ctx.fail(s.getExpression(), "MixedOperands", "switch", describe(test.t), "an integer or enum");
  const cases: CSwitchCase[] = [];
  let pending: CSwitchCase["labels"] = [];
  for (const clause of s.getClauses()) {
    if (Node.isCaseClause(clause)) {
      const label = lowerExpr(clause.getExpression(), ctx);
      if (label.value === undefined) ctx.fail(clause.getExpression(), "EnumMember", clause.getExpression().getText());
      pending.push(label.c);
    } else pending.push("default");
    const stmts = clause.getStatements();
    if (stmts.length === 0) continue; // an empty clause falls into the next one, as in C
    cases.push({ labels: pending, body: stmts.flatMap((x) => (Node.isBlock(x) ? [{ kind: "block", body: lowerBlock(x, ctx) } as CStmt] : lowerStatement(x, ctx))) });
    pending = [];
  }
  if (pending.length) cases.push({ labels: pending, body: [{ kind: "break" }] });
  return [{ kind: "switch", test: test.c, cases }];
}
