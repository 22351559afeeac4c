import { str, call, cast, exprStmt, id, int, member, named, ptr, bin, type CExpr, type CStmt, type CTypeSpec } from "../../cast/ast.ts";
import type { LowerContext } from "../../lower/context.ts";
import { base, describe, toSpec, type CType } from "../../lower/ctypes.ts";
import { ownFieldName, snakeCase } from "../../print/names.ts";
import { emitHelper } from "../helpers.ts";
import type { ValueSide } from "./kind.ts";

/**
 * A table handed to Lua: an interface value (a struct of the module) becomes
 * a table with one field per member, a FixedArray<T, N> the sequence 1..N.
 * Each table shape is pushed by one helper, emitted once per shape and called
 * from every return and callback that hands it over: push_table_<struct>(L,
 * &value) and push_seq_<element>(L, elements, n). A nested table is its own
 * helper's call, so the C stays one small function per shape.
 */

/** A table push that needs more Lua stack slots than this checks for them first (LUA_MINSTACK is 20, partly the body's). */
const SLOTS_WITHOUT_CHECKSTACK = 3;

type Struct = Extract<CType, { k: "struct" }>;
type FixedArray = Extract<CType, { k: "array" }>;
type List = Extract<CType, { k: "list" }>;

/** Why a value of type `t` can't be handed to Lua as part of a table (undefined when it can). */
export function tableProblem(t: CType, path: string, seen: readonly string[] = []): string | undefined {
  const b = base(t);
  switch (b.k) {
    case "bytes": case "cstring": case "int": case "enum": case "double": case "bool": return undefined;
    case "array": case "list": {
      const of = base(b.of);
      if (of.k === "array" || of.k === "list") return `${path} is an array of arrays: a returned table holds sequences of values or tables, not of sequences`;
      return tableProblem(of, `${path}[i]`, seen);
    }
    case "struct": {
      if (b.external) return `${path} is ${b.name}, a struct of a C header: Lua gets tables of the module's own interfaces`;
      if (seen.includes(b.name)) return `${path} holds ${b.name} inside itself`;
      for (const [name, ft] of b.fields()) {
        const problem = tableProblem(ft, `${path}.${name}`, [...seen, b.name]);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return `${path} is ${describe(t)}: a returned table's fields are strings, integers, numbers, bools, interfaces, or FixedArrays or lists (T[]) of those`;
  }
}

/** The Lua stack slots pushing a value of type `t` takes at most (a table, and under it what its fields push). */
function slots(t: CType): number {
  const b = base(t);
  if (b.k === "array" || b.k === "list") return 1 + slots(b.of);
  if (b.k === "struct") return 1 + Math.max(0, ...[...b.fields().values()].map(slots));
  return 1;
}

/** Lua stack room first, for a push that takes more slots than are surely free. */
function room(t: CType): CStmt[] {
  const n = slots(t);
  return n > SLOTS_WITHOUT_CHECKSTACK ? [exprStmt(call("luaL_checkstack", id("L"), int(n), str("nested tables")))] : [];
}

/** Pushes `v`, an lvalue of type `t` (a table's field or element), inside a push helper. */
function pushPart(ctx: LowerContext, v: CExpr, t: CType): CExpr {
  const b = base(t);
  switch (b.k) {
    case "bytes": return call("lua_pushlstring", id("L"), member(v, "ptr"), member(v, "len"));
    case "cstring": return call("lua_pushstring", id("L"), v);
    case "int": case "enum": return call("lua_pushinteger", id("L"), v);
    case "double": return call("lua_pushnumber", id("L"), v);
    case "bool": return call("lua_pushboolean", id("L"), v);
    case "struct": return pushStruct(ctx, v, b);
    case "array": return pushArray(ctx, v, b);
    case "list": return pushList(ctx, v, b);
    default: throw new Error(`table part of type ${describe(t)} passed tableProblem()`);
  }
}

/** The part of a sequence helper's name that says its element type. */
function elementPart(t: CType): string {
  const b = base(t);
  switch (b.k) {
    case "int": return b.name;
    case "enum": return snakeCase(b.name);
    case "double": return "num";
    case "bool": return "bool";
    case "bytes": return "bytes";
    case "cstring": return "str";
    case "struct": return `table_${snakeCase(b.name)}`;
    default: throw new Error(`sequence of ${describe(t)} passed tableProblem()`);
  }
}

/** The pointer-to-const C type an element or struct is read through. */
const constPtr = (t: CType): CTypeSpec => {
  const spec = toSpec(t);
  return ptr(spec.kind === "name" ? named(spec.name, true) : spec);
};

/** `push_table_<name>(L, &v)`: the helper of the struct's shape, emitted once (after those of its nested tables). */
function pushStruct(ctx: LowerContext, v: CExpr, t: Struct): CExpr {
  const name = `push_table_${snakeCase(t.name)}`;
  if (!ctx.helpers.has(name)) {
    const fields = [...t.fields()];
    // the nested tables' helpers are built first, so they come before this one in the C
    const sets = fields.map(([field, ft]): CStmt[] => [
      exprStmt(pushPart(ctx, member(id("v"), ownFieldName(field), true), ft)),
      exprStmt(call("lua_setfield", id("L"), int(-2), str(field))),
    ]);
    emitHelper(ctx, {
      name,
      needs: fields.some(([, ft]) => base(ft).k === "bytes") ? ["tsc2c_bytes"] : [],
      stack: "[-0, +1, m]",
      afterTypes: true,
      doc: `pushes a table with the fields of ${t.name} (${fields.map(([f]) => f).join(", ")})`,
      build: () => ({
        kind: "function", ret: named("void"), name, isStatic: true,
        params: [{ type: ptr(named("lua_State")), name: "L" }, { type: constPtr(t), name: "v" }],
        body: [...room(t), exprStmt(call("lua_createtable", id("L"), int(0), int(fields.length))), ...sets.flat()],
      }),
    });
  }
  // a pointer read through (`*p`) is passed as it is
  const address = v.kind === "unary" && v.op === "*" ? v.operand : { kind: "unary" as const, op: "&" as const, operand: v };
  return call(name, id("L"), address);
}

/** `push_seq_<element>(L, v, N)`: the helper of sequences of that element type, emitted once. */
function pushArray(ctx: LowerContext, v: CExpr, t: FixedArray): CExpr {
  const name = `push_seq_${elementPart(t.of)}`;
  if (!ctx.helpers.has(name)) {
    const i = id("i");
    const element = exprStmt(pushPart(ctx, { kind: "index", object: id("v"), index: i }, t.of));
    emitHelper(ctx, {
      name,
      needs: base(t.of).k === "bytes" ? ["tsc2c_bytes"] : [],
      stack: "[-0, +1, m]",
      afterTypes: true,
      doc: `pushes the sequence v[0..n-1] as a table indexed 1..n`,
      build: () => ({
        kind: "function", ret: named("void"), name, isStatic: true,
        params: [{ type: ptr(named("lua_State")), name: "L" }, { type: constPtr(t.of), name: "v" }, { type: named("int"), name: "n" }],
        body: [
          ...room({ k: "array", of: t.of, length: 0 }),
          exprStmt(call("lua_createtable", id("L"), id("n"), int(0))),
          {
            kind: "for",
            init: { kind: "decl", type: named("int"), name: "i", init: int(0) },
            test: bin("<", i, id("n")),
            update: { kind: "assign", op: "+=", target: i, value: int(1) },
            body: [element, exprStmt(call("lua_rawseti", id("L"), int(-2), bin("+", i, int(1))))],
          },
        ],
      }),
    });
  }
  return call(name, id("L"), v, int(t.length));
}

/**
 * A list (`T[]`) as the sequence 1..len: its parts go straight to
 * push_seq_<element> when the list is made here (a literal, a slice), else the
 * list goes by value to push_list_<element>, which reads it once.
 */
function pushList(ctx: LowerContext, v: CExpr, t: List): CExpr {
  // the sequence helper of the same elements, emitted first (a FixedArray of them reads the same)
  const seq = (p: CExpr, n: CExpr): CExpr => {
    const c = pushArray(ctx, p, { k: "array", of: t.of, length: 1 });
    return c.kind === "call" ? { ...c, args: [...c.args.slice(0, 2), n] } : c;
  };
  if (v.kind === "compound" && v.init.kind === "init" && v.init.fields.length === 2) {
    const [p, n] = v.init.fields.map((f) => f.value) as [CExpr, CExpr];
    return seq(p, n.kind === "int" ? n : cast(named("int"), n));
  }
  const name = `push_list_${elementPart(t.of)}`;
  emitHelper(ctx, {
    name,
    needs: ["tsc2c_list"],
    stack: "[-0, +1, m]",
    afterTypes: true,
    doc: "pushes the list v as a table indexed 1..len",
    build: () => ({
      kind: "function", ret: named("void"), name, isStatic: true,
      params: [{ type: ptr(named("lua_State")), name: "L" }, { type: named("tsc2c_list"), name: "v" }],
      body: [exprStmt(seq(member(id("v"), "ptr"), cast(named("int"), member(id("v"), "len"))))],
    }),
  });
  return call(name, id("L"), v);
}

/** An interface value handed to Lua as a table: `v` is an lvalue of the struct (or `*p`, a pointer read through). */
export const tableValue: ValueSide = {
  holds: ["struct"],
  push: (_L, v, t, ctx) => pushStruct(ctx, v, base(t) as Struct),
  // copied deeply, with its byte strings and lists (bind/luatask.ts)
  crossesTasks: ["struct"],
  returnable: true,
};

/** A FixedArray<T, N> handed to Lua as the sequence 1..N: `v` is the array (an lvalue). */
export const sequenceValue: ValueSide = {
  holds: ["array", "list"],
  push: (_L, v, t, ctx) => (base(t).k === "list" ? pushList(ctx, v, base(t) as List) : pushArray(ctx, v, base(t) as FixedArray)),
  // a list is copied deeply (bind/luatask.ts); a FixedArray argument goes to a T[] parameter
  crossesTasks: ["list"],
  returnable: true,
};
