import { Node } from "ts-morph";

/** The description of a declaration's JSDoc comment (its tags left out), or "". */
export function docOf(node: Node): string {
  if (!Node.isJSDocable(node)) return "";
  return node.getJsDocs().map((d) => (d.getDescription() ?? "").trim()).filter((t) => t).join("\n");
}
