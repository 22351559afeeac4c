import type { SourceFile } from "ts-morph";
import type { CTopLevel } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";

/** A file is a Lua module when its leading comment has `@luaModule <name>`. */
export function isLuaModule(sf: SourceFile): boolean {
  return /@luaModule\s+\w+/.test(sf.getFullText().slice(0, 4000).match(/^\s*\/\*\*[\s\S]*?\*\//)?.[0] ?? "");
}

export interface BindingResult {
  finish(): { functions: CTopLevel[]; tail: CTopLevel[] };
}

/** The binding pass (see docs/modules.md); installed as an extension of the lowering. */
export function bindModule(_entry: SourceFile, _ctx: LowerContext): BindingResult {
  return { finish: () => ({ functions: [], tail: [] }) };
}
