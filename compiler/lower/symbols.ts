import { Node } from "ts-morph";
import type { LowerContext, SymbolInfo } from "./context.ts";
import { cTypeOf } from "./typenodes.ts";
import { headerOf } from "./headers.ts";
import { DOUBLE, VOID, holdsList, paramType, type CType } from "./ctypes.ts";
import { sanitizeIdentifier } from "../print/names.ts";

/** The declaration an identifier refers to, through imports. */
export function declarationOf(node: Node): Node | undefined {
  let sym = node.getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  return sym?.getValueDeclaration() ?? sym?.getDeclarations()[0];
}

/**
 * What a referenced declaration is in C. Locals are registered when their
 * declaration is lowered; top-level and declared (extern) names on first use.
 */
export function symbolFor(decl: Node, ctx: LowerContext): SymbolInfo | undefined {
  const known = ctx.symbols.get(decl);
  if (known) return known;
  const sf = decl.getSourceFile();
  if (Node.isFunctionDeclaration(decl)) {
    const external = sf.isDeclarationFile() || decl.hasDeclareKeyword();
    if (external) headerOf(decl, ctx);
    const params = decl.getParameters();
    const variadic = params.some((p) => p.isRestParameter());
    const fixed = params.filter((p) => !p.isRestParameter());
    // a rest parameter is a declared C function's `...` or a Lua function's varargs (the binding's): C has no other
    const rest = params.find((p) => p.isRestParameter());
    if (rest && !external && !ctx.claimed.has(decl)) ctx.fail(rest, "Spread");
    const info: SymbolInfo = {
      cname: external ? decl.getName()! : functionCName(decl.getName()!),
      type: VOID,
      kind: external ? "extern" : "function",
      fn: {
        ret: decl.getReturnTypeNode() ? cTypeOf(decl.getReturnTypeNode()!, ctx) : VOID,
        params: fixed.map((p) => {
          const t = p.getTypeNode() ? cTypeOf(p.getTypeNode()!, ctx) : ctx.fail(p, "MissingType", `parameter '${p.getName()}'`);
          // our own functions take structs by reference, as TypeScript passes objects; a header's are as declared
          if (external && holdsList(t)) ctx.fail(p, "UnsupportedSyntax", "a list (T[]) as a C function's parameter (C takes a pointer, Ptr<T>, and a length)");
          return external ? t : paramType(t);
        }),
        variadic,
      },
    };
    info.type = { k: "fn", ret: info.fn!.ret, params: info.fn!.params, variadic };
    ctx.symbols.set(decl, info);
    return info;
  }
  if (Node.isVariableDeclaration(decl) && sf.isDeclarationFile()) {
    headerOf(decl, ctx);
    const tn = decl.getTypeNode();
    const info: SymbolInfo = { cname: decl.getName(), type: tn ? cTypeOf(tn, ctx) : DOUBLE, kind: "extern" };
    ctx.symbols.set(decl, info);
    return info;
  }
  if (Node.isEnumMember(decl)) {
    const en = decl.getParentOrThrow() as import("ts-morph").EnumDeclaration;
    const external = en.getSourceFile().isDeclarationFile();
    if (external) headerOf(en, ctx);
    const value = decl.getValue();
    const info: SymbolInfo = {
      cname: external ? decl.getName() : `${en.getName()}_${decl.getName()}`,
      type: { k: "enum", name: en.getName() } as CType,
      kind: "enum-member",
      ...(typeof value === "number" ? { constValue: BigInt(value) } : {}),
    };
    ctx.symbols.set(decl, info);
    return info;
  }
  return undefined;
}

/** `main` keeps its name; other functions of the program are static and sanitised. */
export function functionCName(name: string): string {
  return name === "main" ? "main" : sanitizeIdentifier(name);
}

/** `undefined` itself as a value: TypeScript's own, declared nowhere. */
export function isUndefinedValue(n: Node): boolean {
  return Node.isIdentifier(n) && declarationOf(n) === undefined && n.getType().isUndefined();
}

