import { Node, type SourceFile } from "ts-morph";

/** The file's leading /** ... *\/ comment, where module-level tags (@luaModule, @kconfig, @header) live. */
export function leadingComment(sf: SourceFile): string {
  return sf.getFullText().slice(0, 4000).match(/^\s*\/\*\*[\s\S]*?\*\//)?.[0] ?? "";
}

/** The text after a JSDoc tag on a declaration (`@userdata mqtt.mt` gives "mqtt.mt"), or undefined without the tag. */
export function tagOf(node: Node, tag: string): string | undefined {
  if (!Node.isJSDocable(node)) return undefined;
  for (const doc of node.getJsDocs()) {
    for (const t of doc.getTags()) if (t.getTagName() === tag) return (t.getCommentText() ?? "").trim();
  }
  return undefined;
}
