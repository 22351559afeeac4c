import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { named, type CTopLevel } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { paramType, toSpec } from "../lower/ctypes.ts";
import { cTypeOf } from "../lower/typenodes.ts";
import { guarded, requireType } from "../lower/program.ts";
import { bindingExtension } from "./extension.ts";
import { luaFunction, privateMethod, refsTable, selfCheck } from "./functions.ts";
import { luaTaskFunctions } from "./luatask.ts";
import { romTables, type LuaEntry } from "./rom.ts";
import { BindState } from "./state.ts";
import { ownFieldName } from "../print/names.ts";
import { threadLuaState } from "./luastate.ts";
import { buildModel, isCOnly, isLuaModuleFile, type ModuleModel } from "./model.ts";

/** A file is a Lua module when its leading comment has `@luaModule <name>`. */
export const isLuaModule = isLuaModuleFile;

export interface BindingResult {
  /** the module's interface, as data (model.ts) */
  model: ModuleModel;
  /** the Lua functions, task hand-over and ROM tables; `lowered` are the program's other functions (given the Lua state they need) */
  finish(lowered: CTopLevel[]): { functions: CTopLevel[]; tail: CTopLevel[] };
}

/**
 * The binding pass: reads the module's interface into a model (model.ts,
 * where the interface's diagnostics are raised), then derives the Lua glue
 * from that model alone (docs/modules.md). Installed before the core
 * lowering, as its extension; finish() writes the Lua C functions, the
 * @luaTask hand-over, the ROM tables and the registration.
 */
export function bindModule(entry: SourceFile, ctx: LowerContext): BindingResult {
  for (const h of ['"module.h"', '"lauxlib.h"', '"lnodeaux.h"', "<stdbool.h>", "<string.h>"]) ctx.include(h);
  const model = buildModel(entry, ctx);
  const s = new BindState(ctx, model);
  for (const f of model.functions) ctx.claimed.add(f.node);

  ctx.extension = bindingExtension(s);
  ctx.methodInfo = (m) => {
    if (!Node.isMethodDeclaration(m) || !isCOnly(m)) return undefined;
    const c = m.getParentIfKindOrThrow(SyntaxKind.ClassDeclaration);
    const cm = model.classes.find((x) => x.node === c)?.cMethods.find((x) => x.node === m);
    if (!cm) return undefined;
    return {
      cname: cm.cname,
      params: m.getParameters().map((p) => paramType(cTypeOf(p.getTypeNodeOrThrow(), ctx))),
      ret: m.getReturnTypeNode() ? cTypeOf(m.getReturnTypeNode()!, ctx) : { k: "void" },
    };
  };
  const LuaTask = luaTaskFunctions(model.name);
  for (const t of model.tasks) s.taskByDecl.set(t.node, new LuaTask(t, ctx));

  return {
    model,
    finish(lowered) {
      const functions: CTopLevel[] = [];
      // a declaration that fails was reported (a CompileError); the others still go on. Any other exception is a bug and propagates.
      const add = (make: () => CTopLevel) => {
        const f = guarded(make);
        // the closures it returns come just before it (a function that failed drops them)
        const closures = s.closures.splice(0);
        if (f) functions.push(...closures, f);
        return f !== undefined;
      };
      const moduleEntries: LuaEntry[] = [];
      const metas: { name: string; luaName: string; entries: LuaEntry[] }[] = [];
      for (const c of model.classes) {
        // the struct: the class's fields plus a weak ref to the userdata itself (to pass it to callbacks)
        const fields = c.fields.map((f) => {
          requireType(f.type, c.node, ctx);
          return { type: toSpec(f.type), name: ownFieldName(f.name) };
        });
        fields.push({ type: named("lua_ref_t"), name: "self_ref" });
        ctx.typeDefs.push({ kind: "typedef-struct", name: c.name, fields });

        functions.push(...refsTable(c, ctx), ...selfCheck(c, ctx));
        add(() => luaFunction(s, c.ctor, c));
        moduleEntries.push({ key: c.name, cname: c.ctor.cname });
        const entries: LuaEntry[] = [];
        // in source order, as the class declares them
        for (const decl of c.node.getMethods()) {
          const cm = c.cMethods.find((x) => x.node === decl);
          if (cm) add(() => privateMethod(s, c, cm));
          const m = c.methods.find((x) => x.node === decl);
          if (m && add(() => luaFunction(s, m, c))) entries.push({ key: m.luaName, cname: m.cname });
        }
        metas.push({ name: `${c.ctor.cname.replace(/_new$/, "")}_mt`, luaName: c.metaName, entries });
      }
      for (const f of model.functions) if (add(() => luaFunction(s, f))) moduleEntries.push({ key: f.luaName, cname: f.cname });
      for (const t of s.taskByDecl.values()) functions.push(...t.support());
      const tail = romTables({ model, ctx, moduleEntries, metas, taskInits: [...s.taskByDecl.values()].map((t) => t.init()) });
      functions.push(...tail.functions);
      threadLuaState(s, [...lowered, ...functions]);
      return { functions, tail: tail.items };
    },
  };
}

