import { relative, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { readInterface } from "./interface.ts";
import { luaStubs } from "./luastubs.ts";
import { referencePage } from "./refpage.ts";

export interface DocsTargets {
  /** the LuaLS `---@meta` file to write */
  luaStubs?: string;
  /** the reference page (Markdown) to write */
  page?: string;
}

/** What `tsc2c docs` writes: file name → text (nothing when there are diagnostics). */
export function generateDocs(entry: string, targets: DocsTargets): { files: Map<string, string>; diagnostics: Diagnostic[] } {
  const { model, diagnostics } = readInterface(entry);
  const files = new Map<string, string>();
  if (!model) return { files, diagnostics };
  const source = relative(process.cwd(), resolve(entry)).split("\\").join("/");
  if (targets.luaStubs) files.set(targets.luaStubs, luaStubs(model, source));
  if (targets.page) files.set(targets.page, referencePage(model, source, targets.page));
  return { files, diagnostics };
}

