import type { ModuleModel } from "./model.ts";
import { call, exprStmt, id, int, named, ptr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { ROM_KEY_MAX } from "./model.ts";

/** A Lua-visible function of the module: what the ROM tables list. */
export interface LuaEntry {
  key: string;
  cname: string;
}

interface RomInput {
  model: ModuleModel;
  ctx: LowerContext;
  /** the functions that were emitted (one that failed is left out) */
  moduleEntries: LuaEntry[];
  metas: { name: string; luaName: string; entries: LuaEntry[] }[];
  taskInits: CStmt[][];
}

/**
 * The module's ROM tables, its init function and NODEMCU_MODULE. Constants
 * come from exported const enums tagged `@luaPrefix P_`: member M is the key
 * P_M. Keys longer than ROM_KEY_MAX go through the module table's __index.
 */
export function romTables(inp: RomInput): { functions: CTopLevel[]; items: CTopLevel[] } {
  const { model, ctx } = inp;
  const modName = model.name;
  const cfg = model.kconfig;
  const mod = sanitizeIdentifier(modName);
  const items: CTopLevel[] = [];
  const functions: CTopLevel[] = [];

  // keys too long for a ROM table (model.ts reported those of functions) are answered by __index
  const constants = model.constants;
  const short = constants.filter((c) => c.key.length <= ROM_KEY_MAX);
  const long = constants.filter((c) => c.key.length > ROM_KEY_MAX);

  for (const m of inp.metas) {
    items.push({ kind: "blank" }, { kind: "macro", text: `LROT_BEGIN(${m.name}, NULL, LROT_MASK_GC_INDEX)` });
    const gc = m.entries.find((e) => e.key === "__gc");
    if (gc) items.push({ kind: "macro", text: `  LROT_FUNCENTRY(__gc, ${gc.cname})` });
    items.push({ kind: "macro", text: `  LROT_TABENTRY(__index, ${m.name})` });
    for (const e of m.entries) if (e.key !== "__gc") items.push({ kind: "macro", text: `  LROT_FUNCENTRY(${e.key}, ${e.cname})` });
    items.push({ kind: "macro", text: `LROT_END(${m.name}, NULL, LROT_MASK_GC_INDEX)` });
  }

  let meta = "NULL", mask = "0";
  if (long.length) {
    // a ROM table cannot hold these keys: the module table's metatable answers them
    const index = `${mod}_index`;
    ctx.include("<string.h>");
    functions.push({
      kind: "function", ret: named("int"), name: index, isStatic: true,
      params: [{ type: ptr(named("lua_State")), name: "L" }],
      body: [
        { kind: "decl", type: ptr(named("char", true)), name: "key", init: call("luaL_checkstring", id("L"), int(2)) },
        ...long.map((c): CStmt => ({
          kind: "if",
          test: { kind: "binary", op: "==", left: call("strcmp", id("key"), { kind: "string", bytes: [...Buffer.from(c.key)] }), right: int(0) },
          then: [exprStmt(call("lua_pushinteger", id("L"), id(c.cname))), { kind: "return", value: int(1) }],
        })),
        exprStmt(call("lua_pushnil", id("L"))),
        { kind: "return", value: int(1) },
      ],
    });
    items.push({ kind: "blank" }, { kind: "macro", text: `LROT_BEGIN(${mod}_meta, NULL, LROT_MASK_INDEX)` });
    items.push({ kind: "macro", text: `  LROT_FUNCENTRY(__index, ${index})` });
    items.push({ kind: "macro", text: `LROT_END(${mod}_meta, NULL, LROT_MASK_INDEX)` });
    meta = `LROT_TABLEREF(${mod}_meta)`;
    mask = "LROT_MASK_INDEX";
  }

  items.push({ kind: "blank" }, { kind: "macro", text: `LROT_BEGIN(${mod}, ${meta}, ${mask})` });
  for (const e of inp.moduleEntries) items.push({ kind: "macro", text: `  LROT_FUNCENTRY(${e.key}, ${e.cname})` });
  for (const c of short) items.push({ kind: "macro", text: `  LROT_INTENTRY(${c.key}, ${c.cname})` });
  items.push({ kind: "macro", text: `LROT_END(${mod}, ${meta}, ${mask})` });

  const init = `luaopen_${mod}`;
  // after the ROM tables: it refers to them
  items.push({
    kind: "function", ret: named("int"), name: init, isStatic: true,
    params: [{ type: ptr(named("lua_State")), name: "L" }],
    body: [
      // a module without userdata classes registers no metatable: nothing else reads L
      ...(inp.metas.length ? [] : [exprStmt({ kind: "cast" as const, type: named("void"), operand: id("L") })]),
      ...inp.metas.map((m) => exprStmt(call("luaL_rometatable", id("L"), { kind: "string", bytes: [...Buffer.from(m.luaName)] }, call("LROT_TABLEREF", id(m.name))))),
      ...inp.taskInits.flat(),
      { kind: "return", value: int(0) },
    ],
  });
  items.push({ kind: "blank" }, { kind: "macro", text: `NODEMCU_MODULE(${cfg}, "${modName}", ${mod}, ${init});` });
  return { functions, items };
}
