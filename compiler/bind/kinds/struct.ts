import { str, bin, call, exprStmt, id, int, member, type CStmt } from "../../cast/ast.ts";
import { base, describe, type CType } from "../../lower/ctypes.ts";
import { ownFieldName } from "../../print/names.ts";
import type { KindDescriptor } from "./kind.ts";
import { booleanKind } from "./boolean.ts";
import { integerKind } from "./integer.ts";
import { stringKind } from "./string.ts";
import { sequenceValue, tableValue } from "./tables.ts";

/** The kinds a field of a table argument may have, by the base of its C type: the ones that can read a field. */
export const FIELD_KINDS: ReadonlyMap<CType["k"], KindDescriptor> = new Map([["bytes", stringKind], ["int", integerKind], ["bool", booleanKind]]);

/** Fields of a table argument read without luaL_checkstack(): what is left of LUA_MINSTACK is for the body's own pushes. */
const FIELDS_WITHOUT_CHECKSTACK = 8;

/**
 * A table-shaped argument (an interface): its fields, each a string, an
 * integer or a flag, are read into a C struct. Each field's value stays on
 * the stack, in order, where a later ref assignment takes it from. Handed
 * to Lua (a return, a callback's argument), an interface value is a new
 * table with its fields (kinds/tables.ts).
 */
export const structKind: KindDescriptor = {
  name: "struct", lua: "table", luaLS: "table", expected: "table",
  arg: {
    accepts: ["LUA_TTABLE"], skips: ["LUA_TTABLE"], readAs: "LUA_TTABLE",
    of: (t, meta) => {
      const b = base(t);
      // a struct declared by a C header is not read from a table, an object of the module is a userdata
      return b.k === "struct" && !b.external && meta(t) === undefined ? { k: "struct", t: b } : undefined;
    },
    type: (k) => (k.k === "struct" ? k.t : { k: "void" }),
    initial: { kind: "init", fields: [] },
    read({ ctx, kind, target, at, checked, fields }): CStmt[] {
      if (kind.k !== "struct") return [];
      const out: CStmt[] = [];
      if (checked) out.push(exprStmt(call("luaL_checktype", id("L"), at, id("LUA_TTABLE"))));
      const all = [...kind.t.fields()];
      if (fields) out.push(exprStmt({ kind: "assign", op: "=", target: id(fields), value: bin("+", call("lua_gettop", id("L")), int(1)) }));
      // Lua guarantees a C function LUA_MINSTACK (20) free slots: more fields than a few need room first
      if (all.length > FIELDS_WITHOUT_CHECKSTACK) out.push(exprStmt(call("luaL_checkstack", id("L"), int(all.length), str("too many fields"))));
      for (const [field, ft] of all) {
        const reader = FIELD_KINDS.get(base(ft).k)?.arg?.readField;
        // argKinds() reported any other field type where it is declared
        if (!reader) throw new Error(`table field '${field}' of type ${describe(ft)} passed argKinds()`);
        out.push(reader(ctx, member(target, ownFieldName(field)), field, ft, at));
      }
      return out;
    },
  },
  value: tableValue,
};

/** A FixedArray<T, N> handed to Lua: the sequence t[1..N] (not an argument kind: Lua code passes no C arrays in). */
export const sequenceKind: KindDescriptor = { name: "sequence", lua: "table", luaLS: "table", expected: "table", value: sequenceValue };
