import { Node, SyntaxKind, type Block, type ConstructorDeclaration, type SourceFile } from "ts-morph";
import { named, type CTopLevel } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { paramType, toSpec, type CType } from "../lower/ctypes.ts";
import { cTypeOf } from "../lower/typenodes.ts";
import { guarded, requireType } from "../lower/program.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { bindingExtension } from "./extension.ts";
import { isCOnly, luaFunction, privateMethod } from "./functions.ts";
import { leadingComment, tagOf } from "./jsdoc.ts";
import { luaTaskFunctions } from "./luatask.ts";
import { romTables, type LuaEntry } from "./rom.ts";
import { BindState } from "./state.ts";
import { threadLuaState } from "./luastate.ts";

const moduleTag = /@luaModule\s+(\w+)/;

/** A file is a Lua module when its leading comment has `@luaModule <name>`. */
export function isLuaModule(sf: SourceFile): boolean {
  return moduleTag.test(leadingComment(sf));
}

export interface BindingResult {
  /** the Lua functions, task hand-over and ROM tables; `lowered` are the program's other functions (given the Lua state they need) */
  finish(lowered: CTopLevel[]): { functions: CTopLevel[]; tail: CTopLevel[] };
}

/**
 * The binding pass: derives the Lua glue of a module from its TypeScript
 * declarations (docs/modules.md). Installed before the core lowering, as its
 * extension; finish() then writes the Lua C functions, the @luaTask
 * hand-over, the ROM tables and the registration.
 */
export function bindModule(entry: SourceFile, ctx: LowerContext): BindingResult {
  const comment = leadingComment(entry);
  const modName = comment.match(moduleTag)![1]!;
  const cfg = comment.match(/@kconfig\s+(\w+)/)?.[1] ?? modName.toUpperCase();
  for (const h of ['"module.h"', '"lauxlib.h"', '"lnodeaux.h"', "<stdbool.h>", "<string.h>"]) ctx.include(h);

  const classes = entry.getClasses().filter((c) => tagOf(c, "userdata") !== undefined);
  const s = new BindState(ctx, modName, classes, (c) => tagOf(c, "userdata"));
  const moduleFns = entry.getFunctions().filter((f) => f.isExported() && f.hasBody());
  for (const f of moduleFns) ctx.claimed.add(f);

  ctx.extension = bindingExtension(s);
  ctx.methodInfo = (m) => {
    if (!Node.isMethodDeclaration(m) || !isCOnly(m)) return undefined;
    const c = m.getParentIfKindOrThrow(SyntaxKind.ClassDeclaration);
    return {
      cname: s.methodName(c, m),
      params: m.getParameters().map((p) => paramType(cTypeOf(p.getTypeNodeOrThrow(), ctx))),
      ret: m.getReturnTypeNode() ? cTypeOf(m.getReturnTypeNode()!, ctx) : { k: "void" },
    };
  };
  const LuaTask = luaTaskFunctions(modName);
  for (const f of entry.getFunctions().filter((fn) => tagOf(fn, "luaTask") !== undefined)) guarded(() => s.taskByDecl.set(f, new LuaTask(f, ctx)));

  return {
    finish(lowered) {
      const functions: CTopLevel[] = [];
      const moduleEntries: LuaEntry[] = [];
      const metas: { name: string; entries: LuaEntry[] }[] = [];
      // a declaration that fails was reported (a CompileError); the others still go on. Any other exception is a bug and propagates.
      const add = (make: () => CTopLevel) => {
        const f = guarded(make);
        if (f) functions.push(f);
        return f !== undefined;
      };
      for (const c of classes) {
        const sname = c.getName()!;
        // the struct: the class's fields plus a weak ref to the userdata itself (to pass it to callbacks)
        const selfT = s.classStruct.get(c)!;
        const fields = [...(selfT.k === "struct" ? selfT.fields() : new Map<string, CType>())].map(([n, t]) => {
          requireType(t, c, ctx);
          return { type: toSpec(t), name: n };
        });
        fields.push({ type: named("lua_ref_t"), name: "self_ref" });
        ctx.typeDefs.push({ kind: "typedef-struct", name: sname, fields });

        const ctor: ConstructorDeclaration | undefined = c.getConstructors()[0];
        const ctorName = s.methodName(c, "new");
        add(() => luaFunction(s, ctorName, ctor?.getParameters() ?? [], ctor?.getBody() as Block | undefined, { cls: c, kind: "constructor" }));
        moduleEntries.push({ key: sname, cname: ctorName, at: c.getNameNode() ?? c });
        const entries: LuaEntry[] = [];
        for (const m of c.getMethods()) {
          const cname = s.methodName(c, m);
          if (isCOnly(m)) {
            add(() => privateMethod(s, c, m, cname));
            continue;
          }
          const kind = m.getName() === "__gc" ? "gc" : "method";
          const ok = add(() => {
            const ret = m.getReturnTypeNode() ? cTypeOf(m.getReturnTypeNode()!, ctx) : undefined;
            return luaFunction(s, cname, m.getParameters(), m.getBody() as Block, { cls: c, kind, ...(ret ? { ret } : {}) });
          });
          if (ok) entries.push({ key: m.getName(), cname, at: m.getNameNode() });
        }
        metas.push({ name: `${s.methodName(c, "mt")}`, entries });
      }
      for (const f of moduleFns) {
        const cname = `${sanitizeIdentifier(modName)}_${f.getName()!}`;
        const ok = add(() => {
          const ret = f.getReturnTypeNode() ? cTypeOf(f.getReturnTypeNode()!, ctx) : undefined;
          return luaFunction(s, cname, f.getParameters(), f.getBody() as Block, { kind: "function", ...(ret ? { ret } : {}) });
        });
        if (ok) moduleEntries.push({ key: f.getName()!, cname, at: f.getNameNode() ?? f });
      }
      for (const t of s.taskByDecl.values()) functions.push(...t.support());
      const tail = romTables({
        modName, cfg, ctx, entry, moduleEntries, metas,
        metaNames: classes.map((c, i) => ({ luaName: s.metaName(c), rom: metas[i]!.name })),
        taskInits: [...s.taskByDecl.values()].map((t) => t.init()),
      });
      functions.push(...tail.functions);
      threadLuaState(s, [...lowered, ...functions]);
      return { functions, tail: tail.items };
    },
  };
}
