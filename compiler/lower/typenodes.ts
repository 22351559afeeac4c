import { Node, SyntaxKind, type TypeNode } from "ts-morph";
import type { LowerContext } from "./context.ts";
import { BOOL, BYTES, CSTRING, DOUBLE, NULLT, VOID, intType, isIntName, isPointerLike, type CType } from "./ctypes.ts";
import { preludeTypeNamed, type PreludeType } from "../load/prelude.ts";
import { headerOf } from "./headers.ts";

/** The binding types of lua.d.ts, by their registry id. */
const luaPrelude: Partial<Record<PreludeType, CType>> = {
  LuaState: { k: "lua", what: "state" },
  LuaFunction: { k: "lua", what: "function" },
  LuaRef: { k: "lua", what: "ref" },
  LuaTable: { k: "lua", what: "table" },
  LuaString: BYTES,
  LuaValue: { k: "lua", what: "value" },
};

/** `null` as a type (a literal type holding the null keyword). */
const isNullType = (t: TypeNode): boolean => Node.isLiteralTypeNode(t) && t.getLiteral().getKind() === SyntaxKind.NullKeyword;

/** The C meaning of a type annotation. */
export function cTypeOf(node: TypeNode, ctx: LowerContext): CType {
  switch (node.getKind()) {
    case SyntaxKind.NumberKeyword: return DOUBLE;
    case SyntaxKind.BooleanKeyword: return BOOL;
    case SyntaxKind.StringKeyword: return CSTRING;
    case SyntaxKind.VoidKeyword: return VOID;
    case SyntaxKind.NeverKeyword: return VOID;
    case SyntaxKind.AnyKeyword: return ctx.fail(node, "AnyType");
    case SyntaxKind.ParenthesizedType:
      return cTypeOf(node.asKindOrThrow(SyntaxKind.ParenthesizedType).getTypeNode(), ctx);
    case SyntaxKind.LiteralType:
      if (isNullType(node)) return NULLT;
      break;
    case SyntaxKind.UnionType: {
      const parts = node.asKindOrThrow(SyntaxKind.UnionType).getTypeNodes()
        .filter((t) => !isNullType(t) && t.getKind() !== SyntaxKind.UndefinedKeyword);
      if (parts.length > 1) {
        // several pointer types (e.g. a declared `void *` parameter taking Ptr<void> | cstring): C sees one pointer
        const mapped = parts.map((p) => cTypeOf(p, ctx));
        if (mapped.every(isPointerLike)) return mapped.find((t) => t.k === "ptr" && t.to.k === "void") ?? mapped[0]!;
      }
      if (parts.length === 1) {
        const t = cTypeOf(parts[0]!, ctx);
        if (isPointerLike(t) || t.k === "lua" || parts.length === node.asKindOrThrow(SyntaxKind.UnionType).getTypeNodes().length) return t;
        ctx.fail(node, "NullNotPointer");
      }
      break;
    }
    case SyntaxKind.FunctionType: {
      const f = node.asKindOrThrow(SyntaxKind.FunctionType);
      return {
        k: "fn",
        ret: cTypeOf(f.getReturnTypeNodeOrThrow(), ctx),
        params: f.getParameters().map((p) => cTypeOf(p.getTypeNodeOrThrow(), ctx)),
        variadic: false,
      };
    }
    // `T[]`: a list, a view of elements that is read where it is made (docs/modules.md)
    case SyntaxKind.ArrayType:
      // C's own functions and structs take a pointer and a length, never tsc2c's list type
      if (node.getSourceFile().isDeclarationFile()) return ctx.fail(node, "UnsupportedSyntax", "a list (T[]) in a C header's declaration (C takes a pointer, Ptr<T>, and a length)");
      return { k: "list", of: cTypeOf(node.asKindOrThrow(SyntaxKind.ArrayType).getElementTypeNode(), ctx) };
    case SyntaxKind.TypeReference:
      return typeReference(node.asKindOrThrow(SyntaxKind.TypeReference), ctx);
    // several values are a Lua function's results (bind/model.ts reads its return type itself): no C type
    case SyntaxKind.TupleType:
      return ctx.fail(node, "UnsupportedSyntax", "a tuple type, except as the return type of a Lua-facing function (its results)");
  }
  return ctx.fail(node, "UnknownType", node.getText());
}

function typeReference(node: Node<import("ts-morph").ts.TypeReferenceNode> & { getTypeName(): Node; getTypeArguments(): TypeNode[] }, ctx: LowerContext): CType {
  const name = node.getTypeName().getText();
  const args = node.getTypeArguments();
  let sym = node.getTypeName().getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  const decl = sym?.getDeclarations()[0];
  if (!decl) return ctx.fail(node, "UnknownType", name);

  // the prelude's own types (an integer alias is also its conversion function: the type's declaration is looked up)
  const prelude = preludeTypeNamed(node.getTypeName());
  if (prelude) {
    if (isIntName(prelude)) return intType(prelude);
    switch (prelude) {
      case "double": return DOUBLE;
      case "bool": return BOOL;
      case "cstring": return CSTRING;
      case "Bytes": return BYTES;
      case "Ptr": {
        const to = args[0]!;
        // Ptr<{ ... }> is an opaque handle: C only sees a pointer
        const opaque = to.getKind() === SyntaxKind.VoidKeyword || to.getKind() === SyntaxKind.UnknownKeyword || to.getKind() === SyntaxKind.TypeLiteral;
        return { k: "ptr", to: opaque ? VOID : cTypeOf(to, ctx) };
      }
      case "FixedArray": {
        const len = args[1]!;
        const lit = Node.isLiteralTypeNode(len) ? len.getLiteral() : undefined;
        const n = lit && Node.isNumericLiteral(lit) ? lit.getLiteralValue() : NaN;
        if (!Number.isInteger(n) || n <= 0) ctx.fail(len, "ArrayLength", len.getText());
        return { k: "array", of: cTypeOf(args[0]!, ctx), length: n };
      }
    }
    const lua = luaPrelude[prelude];
    if (lua) return lua;
    return ctx.fail(node, "UnknownType", name);
  }

  if (Node.isInterfaceDeclaration(decl) || Node.isClassDeclaration(decl)) {
    const external = decl.getSourceFile().isDeclarationFile();
    if (external) headerOf(decl, ctx);
    return structType(decl.getName() ?? name, decl, external, ctx);
  }
  if (Node.isEnumDeclaration(decl)) {
    if (decl.getSourceFile().isDeclarationFile()) headerOf(decl, ctx);
    return { k: "enum", name: decl.getName() };
  }
  if (Node.isTypeAliasDeclaration(decl)) {
    const rhs = decl.getTypeNodeOrThrow();
    if (decl.getSourceFile().isDeclarationFile()) {
      headerOf(decl, ctx);
      return { k: "extern", name: decl.getName(), base: cTypeOf(rhs, ctx) };
    }
    return cTypeOf(rhs, ctx);
  }
  return ctx.fail(node, "UnknownType", name);
}

/** A struct type whose fields are mapped on first use (structs may refer to each other). */
export function structType(name: string, decl: Node, external: boolean, ctx: LowerContext): CType {
  let fields: Map<string, CType> | undefined;
  return {
    k: "struct",
    name,
    external,
    fields: () => (fields ??= membersOf(decl, ctx)),
    decl,
  };
}

function membersOf(decl: Node, ctx: LowerContext): Map<string, CType> {
  const out = new Map<string, CType>();
  const members = Node.isInterfaceDeclaration(decl) || Node.isTypeLiteral(decl)
    ? decl.getProperties()
    : Node.isClassDeclaration(decl) ? decl.getProperties() : [];
  for (const m of members) {
    const tn = m.getTypeNode();
    if (!tn) {
      ctx.error(m, "MissingType", `field '${m.getName()}'`);
      continue;
    }
    if (Node.isTypeLiteral(tn)) {
      // nested anonymous struct of an external (header) struct, e.g. config.broker.address
      out.set(m.getName(), structType("", tn, true, ctx));
      continue;
    }
    const t = cTypeOf(tn, ctx);
    // a LuaValue field of a userdata holds its value in the registry: a ref, not a stack index
    out.set(m.getName(), Node.isClassDeclaration(decl) && t.k === "lua" && t.what === "value" ? { k: "lua", what: "ref" } : t);
  }
  return out;
}
