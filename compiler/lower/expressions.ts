import { Node, SyntaxKind, type Expression } from "ts-morph";
import { cast, id, member, named, type CExpr, type CInitField } from "../cast/ast.ts";
import type { LowerContext, Typed } from "./context.ts";
import { BOOL, CSTRING, DOUBLE, INT, NULLT, base, describe, intType, isInteger, isNumeric, type CType } from "./ctypes.ts";
import { declarationOf, symbolFor } from "./symbols.ts";
import { ownFieldName } from "../print/names.ts";
import { coerce } from "./coerce.ts";
import { lowerBinary, lowerConditional, lowerPostfix, lowerPrefix } from "./operators.ts";
import { lowerCall } from "./calls.ts";
import { checkEvaluationOrder } from "./effects.ts";
import { isMathObject } from "../load/prelude.ts";
import { listElement, listLength, listLiteral } from "./lists.ts";

type Visitor = (node: Node, ctx: LowerContext, expected?: CType) => Typed;

/** One visitor per expression construct, dispatched by SyntaxKind. */
const visitors: Partial<Record<SyntaxKind, Visitor>> = {
  [SyntaxKind.Identifier]: identifier,
  [SyntaxKind.NumericLiteral]: numericLiteral,
  [SyntaxKind.StringLiteral]: (n) => ({ c: { kind: "string", bytes: [...Buffer.from(n.asKindOrThrow(SyntaxKind.StringLiteral).getLiteralValue(), "utf8")] }, t: CSTRING }),
  [SyntaxKind.TrueKeyword]: (_n, ctx) => (ctx.include("<stdbool.h>"), { c: id("true"), t: BOOL }),
  [SyntaxKind.FalseKeyword]: (_n, ctx) => (ctx.include("<stdbool.h>"), { c: id("false"), t: BOOL }),
  [SyntaxKind.NullKeyword]: (_n, ctx) => (ctx.include("<stddef.h>"), { c: id("NULL"), t: NULLT }),
  [SyntaxKind.ThisKeyword]: thisKeyword,
  [SyntaxKind.ParenthesizedExpression]: (n, ctx, expected) => lowerExpr(n.asKindOrThrow(SyntaxKind.ParenthesizedExpression).getExpression(), ctx, expected),
  [SyntaxKind.NonNullExpression]: (n, ctx, expected) => lowerExpr(n.asKindOrThrow(SyntaxKind.NonNullExpression).getExpression(), ctx, expected),
  [SyntaxKind.BinaryExpression]: lowerBinary,
  [SyntaxKind.PrefixUnaryExpression]: lowerPrefix,
  [SyntaxKind.PostfixUnaryExpression]: lowerPostfix,
  [SyntaxKind.ConditionalExpression]: lowerConditional,
  [SyntaxKind.CallExpression]: lowerCall,
  [SyntaxKind.PropertyAccessExpression]: propertyAccess,
  [SyntaxKind.ElementAccessExpression]: elementAccess,
  [SyntaxKind.ObjectLiteralExpression]: objectLiteral,
  [SyntaxKind.ArrayLiteralExpression]: arrayLiteral,
};

export function lowerExpr(node: Node, ctx: LowerContext, expected?: CType): Typed {
  const visit = visitors[node.getKind()];
  if (!visit) return ctx.fail(node, "UnsupportedExpression", node.getKindName());
  return visit(node, ctx, expected);
}

/** Lowers and converts to the type of the destination. */
export function lowerTo(node: Node, to: CType, ctx: LowerContext): CExpr {
  return coerce(lowerExpr(node, ctx, to), to, node, ctx);
}

/** A condition: bool, or a pointer tested against NULL. */
export function lowerCondition(node: Node, ctx: LowerContext): CExpr {
  const v = lowerExpr(node, ctx);
  const b = base(v.t);
  if (b.k === "bool") return v.c;
  if (b.k === "ptr" || b.k === "cstring" || b.k === "fn") return { kind: "binary", op: "!=", left: v.c, right: id("NULL") };
  return ctx.fail(node, "MixedOperands", "condition", describe(v.t), "bool (write an explicit comparison)");
}

function identifier(node: Node, ctx: LowerContext): Typed {
  const name = node.getText(); // for messages only
  const decl = declarationOf(node);
  // `undefined`: TypeScript's own value, declared nowhere
  if (!decl && node.getType().isUndefined()) return ctx.fail(node, "NullNotPointer");
  const bound = ctx.extension?.lowerIdentifier?.(ctx, node);
  if (bound) return bound;
  if (!decl) return ctx.fail(node, "UnknownIdentifier", name);
  const info = symbolFor(decl, ctx);
  if (!info) return ctx.fail(node, "UnknownIdentifier", name);
  if (info.kind === "function" && !ctx.functionValues.has(decl)) ctx.functionValues.set(decl, node);
  const structValue = base(info.type).k === "struct" && info.kind !== "param";
  return {
    c: id(info.cname),
    t: info.fn ? info.type : info.type,
    ...(info.constValue !== undefined ? { value: info.constValue } : {}),
    ...(structValue ? { structValue } : {}),
  };
}

function numericLiteral(node: Node, ctx: LowerContext): Typed {
  const text = node.getText().replace(/_/g, "");
  const isFloat = /[.eE]/.test(text) && !/^0[xX]/.test(text);
  if (isFloat) return { c: { kind: "float", text }, t: DOUBLE };
  const value = BigInt(text);
  if (value > 2n ** 32n - 1n) return ctx.fail(node, "LiteralRange", text, "uint32");
  const fitsInt = value <= 2n ** 31n - 1n;
  return { c: { kind: "int", text: fitsInt ? text : text + "u" }, t: fitsInt ? INT : intType("uint32"), value };
}

function thisKeyword(_node: Node, ctx: LowerContext): Typed {
  const self = ctx.frame?.selfType;
  if (!self) return ctx.fail(_node, "UnsupportedExpression", "'this' outside a userdata method");
  return { c: id(ctx.frameName("self")), t: { k: "ptr", to: self } };
}

function propertyAccess(node: Node, ctx: LowerContext): Typed {
  const pa = node.asKindOrThrow(SyntaxKind.PropertyAccessExpression);
  const bound = ctx.extension?.lowerAccess?.(ctx, node);
  if (bound) return bound;
  const name = pa.getName();
  const decl = declarationOf(pa.getNameNode());
  if (decl && Node.isEnumMember(decl)) {
    const info = symbolFor(decl, ctx)!;
    return { c: id(info.cname), t: info.type, ...(info.constValue !== undefined ? { value: info.constValue } : {}) };
  }
  if (isMathObject(pa.getExpression())) return ctx.fail(node, "UnsupportedExpression", `Math.${name} (only Math.imul is supported)`);
  const obj = lowerExpr(pa.getExpression(), ctx);
  const t = base(obj.t);
  if (name === "length") {
    if (t.k === "bytes") return { c: member(obj.c, "len"), t: intType("size_t") };
    if (t.k === "array") return { c: { kind: "int", text: String(t.length) }, t: INT, value: BigInt(t.length) };
    if (t.k === "list") return listLength(obj);
    if (t.k === "cstring") return ctx.fail(node, "StringOperation", ".length (call strlen)");
  }
  if (decl && Node.isMethodDeclaration(decl)) return ctx.fail(node, "FunctionValue", pa.getText());
  const struct = t.k === "struct" ? t : t.k === "ptr" && base(t.to).k === "struct" ? (base(t.to) as Extract<CType, { k: "struct" }>) : undefined;
  if (!struct) return ctx.fail(node, "DynamicProperty");
  const ft = struct.fields().get(name);
  if (!ft) return ctx.fail(node, "UnknownIdentifier", `${describe(obj.t)}.${name}`);
  const arrow = t.k === "ptr";
  return { c: member(obj.c, struct.external ? name : ownFieldName(name), arrow), t: ft, ...(base(ft).k === "struct" ? { structValue: true } : {}) };
}

function elementAccess(node: Node, ctx: LowerContext): Typed {
  const ea = node.asKindOrThrow(SyntaxKind.ElementAccessExpression);
  const bound = ctx.extension?.lowerAccess?.(ctx, node);
  if (bound) return bound;
  const obj = lowerExpr(ea.getExpression(), ctx);
  const index = lowerExpr(ea.getArgumentExpressionOrThrow(), ctx);
  if (!isInteger(index.t)) return ctx.fail(ea.getArgumentExpressionOrThrow(), "DynamicProperty");
  const t = base(obj.t);
  if (t.k === "array") {
    if (index.value !== undefined && (index.value < 0n || index.value >= BigInt(t.length))) {
      ctx.fail(ea.getArgumentExpressionOrThrow(), "LiteralRange", String(index.value), `an index of ${describe(t)}`);
    }
    return { c: { kind: "index", object: obj.c, index: index.c }, t: t.of, ...(base(t.of).k === "struct" ? { structValue: true } : {}) };
  }
  if (t.k === "list") return listElement(ctx, node, obj, index.c);
  if (t.k === "bytes") {
    ctx.include("<stdint.h>");
    return { c: cast(named("uint8_t"), { kind: "index", object: member(obj.c, "ptr"), index: index.c }), t: intType("uint8") };
  }
  // `p[i]` of a pointer to numbers: C's own indexing, read or written (a pointer to structs: at(p, i))
  if (t.k === "ptr" && (isNumeric(t.to) || base(t.to).k === "bool")) {
    const to = base(t.to);
    return { c: { kind: "index", object: obj.c, index: index.c }, t: t.to, ...(to.k === "int" && to.name === "uint8" ? { byteStore: true } : {}) };
  }
  return ctx.fail(node, "DynamicProperty");
}

function objectLiteral(node: Node, ctx: LowerContext, expected?: CType): Typed {
  // a literal passed to a struct parameter (a pointer) builds the pointee
  const outer = expected && base(expected);
  const structT = outer?.k === "ptr" ? outer.to : expected;
  const exp = structT && base(structT);
  if (!exp || exp.k !== "struct") return ctx.fail(node, "ObjectLiteralType");
  const fields = exp.fields();
  const inits: CInitField[] = [];
  // C leaves the order of an initializer list's side effects unspecified
  checkEvaluationOrder(node.asKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperties(), node, ctx);
  for (const p of node.asKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperties()) {
    if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p)) return ctx.fail(p, "UnsupportedExpression", "object member");
    const name = p.getName();
    const ft = fields.get(name);
    if (!ft) return ctx.fail(p, "UnknownIdentifier", `${exp.name}.${name}`);
    const init = Node.isPropertyAssignment(p) ? p.getInitializerOrThrow() : p.getNameNode();
    inits.push({ name: exp.external ? name : ownFieldName(name), value: lowerTo(init as Expression, ft, ctx) });
  }
  return { c: { kind: "init", fields: inits }, t: structT!, structValue: true };
}

function arrayLiteral(node: Node, ctx: LowerContext, expected?: CType): Typed {
  const exp = expected && base(expected);
  const elems = node.asKindOrThrow(SyntaxKind.ArrayLiteralExpression).getElements();
  if (exp?.k === "list") {
    checkEvaluationOrder(elems, node, ctx);
    return listLiteral(ctx, elems.map((e) => lowerTo(e, exp.of, ctx)), exp);
  }
  if (!exp || exp.k !== "array") return ctx.fail(node, "ObjectLiteralType");
  checkEvaluationOrder(elems, node, ctx);
  // TypeScript's length is the literal's: it must be the array's length N
  if (elems.length !== exp.length) ctx.fail(node, "ArrayLength", `${elems.length} elements for ${exp.length}`);
  return { c: { kind: "init", fields: elems.map((e) => ({ value: lowerTo(e, exp.of, ctx) })) }, t: expected! };
}

