import { Node, SyntaxKind, type TypeNode } from "ts-morph";
import type { LowerContext } from "../lower/context.ts";
import { base, describe, type CType } from "../lower/ctypes.ts";
import { ARG_KINDS, FIELD_KINDS, type ArgKind } from "./kinds/index.ts";
import { declarationOf } from "../lower/symbols.ts";
import { cTypeOf } from "../lower/typenodes.ts";

/** The Lua side of one TypeScript parameter type (a union becomes several kinds). */
export function argKinds(tn: TypeNode, ctx: LowerContext, meta: (t: CType) => string | undefined): { kinds: ArgKind[]; nullable: boolean } {
  const parts = Node.isUnionTypeNode(tn) ? tn.getTypeNodes() : [tn];
  const kinds: ArgKind[] = [];
  let nullable = false;
  for (const p of parts) {
    if (isNullType(p)) {
      nullable = true;
      continue;
    }
    if (p.getKind() === SyntaxKind.BooleanKeyword) {
      kinds.push({ k: "flag" });
      continue;
    }
    const t = cTypeOf(p, ctx);
    const kind = Object.values(ARG_KINDS).map((d) => d.arg.of(t, meta)).find((k) => k !== undefined);
    if (!kind) ctx.fail(p, "BindingParam", tn.getParent()?.getText() ?? "", p.getText());
    if (kind.k === "struct") checkTableFields(p, kind.t, ctx);
    kinds.push(kind);
  }
  // `p: null` (or `p: | null`, which TypeScript reads the same): no Lua value could ever reach it
  if (kinds.length === 0) ctx.fail(tn, "BindingParam", tn.getParent()?.getText() ?? "", `${tn.getText()} (only null: give the type of the value it takes, e.g. LuaFunction | null)`);
  return { kinds, nullable };
}

/** A table-shaped argument's fields are of the kinds that read a field (strings, integers, flags): reported at the field. */
function checkTableFields(p: TypeNode, t: Extract<CType, { k: "struct" }>, ctx: LowerContext): void {
  const name = Node.isTypeReference(p) ? p.getTypeName() : undefined;
  const decl = name ? declarationOf(name) : undefined;
  for (const [field, ft] of t.fields()) {
    if (FIELD_KINDS.has(base(ft).k)) continue;
    const at = decl && Node.isInterfaceDeclaration(decl) ? decl.getProperty(field)?.getTypeNode() : undefined;
    ctx.fail(at ?? p, "BindingParam", field, `a field of a table argument is a LuaString, an integer or a bool, not ${describe(ft)}`);
  }
}

/** `null` or `undefined` in a type. */
export function isNullType(t: TypeNode): boolean {
  return t.getKind() === SyntaxKind.UndefinedKeyword || (Node.isLiteralTypeNode(t) && t.getLiteral().getKind() === SyntaxKind.NullKeyword);
}
