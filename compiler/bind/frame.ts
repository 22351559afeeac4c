import type { Node } from "ts-morph";
import type { CExpr, CStmt } from "../cast/ast.ts";
import type { CType } from "../lower/ctypes.ts";
import { FunctionFrame, type FrameNames } from "../lower/frame.ts";
import type { BoundParam } from "./args.ts";
import type { FunctionModel } from "./model.ts";

/**
 * The frame of a Lua C function (`static int f(lua_State *L)`): beside what
 * every function has, its Lua arguments, the values it returns to Lua and
 * where its userdata is. Being in one is what "a Lua-facing function" means to
 * the binding: `L` is its parameter, `return` pushes, argError() has an index.
 */
export class LuaFunctionFrame extends FunctionFrame {
  /** each parameter's declaration, and how its argument is held in C */
  readonly params = new Map<Node, BoundParam>();
  /** C locals of the arguments that the body reads (index locals, type locals, values) */
  readonly usedIndex = new Set<string>();
  /** the constructor's body: its ref fields are all unset when it starts */
  readonly ctorBody: Node | undefined;
  /** where the userdata `this` is on the Lua stack: a method's argument 1, the constructor's self index */
  selfIndex: CExpr | undefined;

  constructor(readonly model: FunctionModel, names: FrameNames, returnType: CType, selfType: CType | undefined, returnHook: (e: Node | undefined) => CStmt[], body: Node | undefined) {
    super(model.node, names, returnType, selfType, returnHook);
    this.ctorBody = model.kind === "constructor" ? body : undefined;
  }

}
