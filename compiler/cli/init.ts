// `tsc2c init DIR`: a tsconfig.json for a module's sources that extends the prelude's
// compiler/prelude/module.tsconfig.json (tsc2c's options and the prelude), so editors
// and plain `tsc --noEmit -p DIR` see `int`, `Ptr`, `LuaString`... as tsc2c does.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { preludeFiles } from "../load/project.ts";

export const moduleTsconfig = join(dirname(preludeFiles[0]!), "module.tsconfig.json");

/** Writes DIR/tsconfig.json; returns an error message, or undefined when done. */
export function init(dir: string): string | undefined {
  const target = join(resolve(dir), "tsconfig.json");
  if (existsSync(target)) return `${target} exists; not overwritten`;
  mkdirSync(resolve(dir), { recursive: true });
  let base = relative(resolve(dir), moduleTsconfig).split(sep).join("/");
  if (!base.startsWith(".")) base = `./${base}`;
  const config = {
    "//": "Written by `tsc2c init`: tsc2c's compiler options and prelude for the module sources here.",
    extends: base,
    include: ["**/*.ts"],
  };
  writeFileSync(target, JSON.stringify(config, null, 2) + "\n");
  return undefined;
}
