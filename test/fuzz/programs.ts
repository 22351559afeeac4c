/** Program i of a seed: its kind (one in four is a binding module) and its source, deterministic. */
import { relative } from "node:path";
import { repoRoot } from "../compiler/helpers.ts";
import { generateBinding } from "./binding.ts";
import { generateCore } from "./core.ts";
import { Random } from "./random.ts";
import type { Program } from "./run.ts";

export function generateProgram(seed: number, index: number, dir: string): Program {
  const r = new Random(seed, index);
  if (index % 4 === 3) {
    const module = `fz${index}`;
    const { ts, lua } = generateBinding(r, module);
    return { index, kind: "binding", ts, lua, module };
  }
  const decl = relative(dir, `${repoRoot}/test/compiler/fixtures/decl`).split("\\").join("/");
  return { index, kind: "core", ts: generateCore(r).replaceAll("__DECL__", decl) };
}
