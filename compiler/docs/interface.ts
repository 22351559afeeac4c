import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { loadChecked } from "../compile.ts";
import { LowerContext } from "../lower/context.ts";
import { buildModel, isLuaModuleFile, type ModuleModel } from "../bind/model.ts";

/**
 * A module's interface model without compiling its bodies: the stubs and the
 * reference page need only the declarations. Reports the same load, subset
 * and binding diagnostics a build does, so `tsc2c docs` fails where `build` would.
 */
export function readInterface(entry: string): { model?: ModuleModel; diagnostics: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const checked = loadChecked(entry, bag);
  if (!checked) return { diagnostics: bag.all };
  const { program, files } = checked;
  if (!isLuaModuleFile(program.entry)) {
    throw new DocsError(`${entry} has no @luaModule tag: only a Lua module has stubs and a reference page`);
  }
  const model = buildModel(program.entry, new LowerContext(bag, files));
  return bag.size ? { diagnostics: bag.all } : { model, diagnostics: [] };
}

/** A usage problem of `tsc2c docs` (not a compiler bug): reported as a message, exit 1. */
export class DocsError extends Error {}
