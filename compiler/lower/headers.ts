import { Node, type SourceFile } from "ts-morph";
import type { LowerContext } from "./context.ts";

const headerTag = /@header\s+(<[^>\s]+>|"[^"\s]+")/;

/**
 * The header a declared C name comes from: a `@header <x.h>` tag in the
 * declaration's JSDoc, else the one in its file's leading comment. Records the
 * include. Declarations in a .d.ts without a header are an error.
 */
export function headerOf(node: Node, ctx: LowerContext): string | undefined {
  const decl = Node.isVariableDeclaration(node) ? (node.getVariableStatement() ?? node) : node;
  const own = Node.isJSDocable(decl) ? decl.getJsDocs().map((d) => d.getText()).join("\n").match(headerTag) : null;
  const fileHeader = fileHeaderOf(decl.getSourceFile());
  const header = own?.[1] ?? fileHeader?.[1];
  if (!header) {
    const name = (decl as unknown as { getName?: () => string }).getName?.() ?? decl.getText().slice(0, 30);
    ctx.error(decl, "DeclaredWithoutHeader", name);
    return undefined;
  }
  ctx.include(header);
  return header;
}

/** A file's `@header` in its leading comment, looked up once per file (every declared name asks). */
const fileHeaders = new WeakMap<SourceFile, RegExpMatchArray | undefined>();
function fileHeaderOf(sf: SourceFile): RegExpMatchArray | undefined {
  if (!fileHeaders.has(sf)) fileHeaders.set(sf, sf.getFullText().slice(0, 2000).match(/^\s*\/\*\*[\s\S]*?\*\//)?.[0].match(headerTag) ?? undefined);
  return fileHeaders.get(sf);
}
