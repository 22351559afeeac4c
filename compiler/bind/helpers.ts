import {
  assign, bin, call, cast, declStmt, exprStmt, id, ifStmt, int, member, named, not, ptr, ret, str,
  type CExpr, type CStmt, type CTopLevel, type CTypeSpec,
} from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { useBytesType, useListType } from "../lower/helpers.ts";

/**
 * The C helpers of the Lua binding, as C AST. Each is one declaration: its C
 * name, the helpers and types it needs (emitted before it, each once), the
 * headers its code uses, what it does to the Lua stack and its comment. A
 * helper is emitted once, and only when generated code uses it.
 */
export interface Helper {
  /** its C name: one definition per name */
  name: string;
  /** helpers of the registry below (or the byte string type, "tsc2c_bytes") emitted before it */
  needs?: (HelperName | "tsc2c_bytes" | "tsc2c_list")[];
  /** the headers its code uses */
  includes?: string[];
  /**
   * What it does to the Lua stack, in the Lua manual's notation `[-o, +p, x]`
   * (pops o, pushes p; x: `-` raises no error, `m` only out of memory, `e` any
   * error, `v` an error on purpose); absent when it does not touch Lua.
   */
  stack?: string;
  /** it uses the program's own types (structs): printed after their definitions */
  afterTypes?: boolean;
  /** what it is for: its comment in the C, with the stack effect under it */
  doc: string;
  /** its definition, without the comment */
  build(): CTopLevel;
}

/** A helper's definition with its comment (doc and stack effect). */
export function helperItem(h: Helper): CTopLevel {
  const doc = h.stack ? `${h.doc}\nLua stack: ${h.stack}` : h.doc;
  const item = h.build();
  if (item.kind === "function" || item.kind === "define" || item.kind === "typedef-struct" || item.kind === "var") return { ...item, doc };
  throw new Error(`helper ${h.name}: a ${item.kind} cannot carry a comment`);
}

/** Emits a helper once, after what it needs. */
export function emitHelper(ctx: LowerContext, h: Helper): void {
  if (ctx.helpers.has(h.name)) return;
  for (const n of h.needs ?? []) {
    if (n === "tsc2c_bytes") useBytesType(ctx);
    else if (n === "tsc2c_list") useListType(ctx);
    else useArgHelpers(ctx, n);
  }
  for (const header of h.includes ?? []) ctx.include(header);
  ctx.useHelper(h.name, () => [{ kind: "blank" }, helperItem(h)], h.afterTypes);
}

const L = id("L");
const arg = id("arg");
const luaState: CTypeSpec = ptr(named("lua_State"));
const cstring: CTypeSpec = ptr(named("char", true));
const bytes = named("tsc2c_bytes");
const refType = named("lua_ref_t");
const lua = (name: string, ...args: CExpr[]): CExpr => call(name, L, ...args);
const luaFn = (ret: CTypeSpec, name: string, params: [CTypeSpec, string][], body: CStmt[]): CTopLevel => ({
  kind: "function", ret, name, isStatic: true, body,
  params: [{ type: luaState, name: "L" }, ...params.map(([type, name]) => ({ type, name }))],
});
const top = int(-1); // the stack index of the value on top
const typeBit = (t: CExpr): CExpr => call("LUA_TYPE_BIT", t);
const accepts = (mask: string, t: CExpr): CExpr => bin("&", member(id("p"), mask, true), t);
const valid = (ref: CExpr): CExpr => call("luaX_valid_ref", ref);
const registryValue = (ref: CExpr): CStmt => exprStmt(lua("lua_rawgeti", id("LUA_REGISTRYINDEX"), ref));
const pop1 = exprStmt(lua("lua_pop", int(1)));
const integerMessage = str("number has no integer representation");

/** A table argument's field read into a local `type` (the field's value stays on the stack). */
const fieldTypeOf = (): CStmt[] => [
  exprStmt(lua("lua_getfield", id("table"), id("field"))),
  declStmt(named("int"), "type", lua("lua_type", top)),
];
/** A field of the wrong type: Lua's error naming the field. */
const fieldError = (expected: string): CStmt => exprStmt(lua("luaL_error", str(`field '%s': ${expected} expected, got %s`), id("field"), lua("luaL_typename", top)));
const fieldParams: [CTypeSpec, string][] = [[named("int"), "table"], [cstring, "field"]];

/** The fixed helpers, by C name. */
const helpers = {
  arg_type_error: {
    stack: "[-0, +0, v]",
    doc: "Lua's standard wording: bad argument #N to 'f' (X expected, got Y)",
    build: () => luaFn(named("int"), "arg_type_error", [[named("int"), "arg"], [cstring, "expected"]], [
      ret(lua("luaL_argerror", arg, lua("lua_pushfstring", str("%s expected, got %s"), id("expected"), lua("luaL_typename", arg)))),
    ]),
  },
  LUA_TYPE_BIT: {
    doc: "a Lua type as a bit of a lua_param mask (LUA_TNONE, -1, is bit 0)",
    build: (): CTopLevel => ({ kind: "define", name: "LUA_TYPE_BIT", params: ["t"], body: bin("<<", int("1u"), bin("+", id("t"), int(1))) }),
  },
  ARG_REQUIRED: {
    doc: "in lua_param.accept: the argument may not be left out",
    build: (): CTopLevel => ({ kind: "define", name: "ARG_REQUIRED", body: int("0x8000u") }),
  },
  lua_param: {
    includes: ["<stdint.h>"],
    doc: "one parameter of a Lua function, from the first optional one on",
    build: (): CTopLevel => ({
      kind: "typedef-struct", name: "lua_param", anonymous: true, fields: [
        { type: named("uint16_t"), name: "accept", comment: "the Lua types it takes, and ARG_REQUIRED" },
        { type: named("uint16_t"), name: "later", comment: "optional: types later parameters take, which leave it at its default" },
        { type: cstring, name: "expected", comment: `for Lua's "X expected, got Y"` },
      ],
    }),
  },
  parse_args: {
    needs: ["arg_type_error", "LUA_TYPE_BIT", "ARG_REQUIRED", "lua_param"],
    stack: "[-0, +0, v]",
    doc: `NodeMCU's flexible argument shapes, read from a table: the n parameters p
take the arguments from stack index arg on, at[i] getting parameter i's
index. A parameter takes the next argument when its type fits. Otherwise an
optional one keeps its default (at[i] = 0): nil is skipped, and an absent
argument or one of a type a later parameter takes is left for it. Anything
else, or a required one that does not fit, is Lua's bad argument error.`,
    build: () => {
      const i = id("i");
      const type = id("type");
      const at = { kind: "index", object: id("at"), index: i } as const;
      const required = accepts("accept", id("ARG_REQUIRED"));
      return luaFn(named("void"), "parse_args", [[named("int"), "arg"], [ptr(named("lua_param", true)), "p"], [named("int"), "n"], [ptr(named("int")), "at"]], [{
        kind: "for", init: declStmt(named("int"), "i", int(0)), test: bin("<", i, id("n")),
        update: { kind: "comma", exprs: [{ kind: "postfix", op: "++", operand: i }, { kind: "postfix", op: "++", operand: id("p") }] },
        body: [
          declStmt(named("int"), "type", lua("lua_type", arg)),
          exprStmt(assign(at, int(0))),
          ifStmt(accepts("accept", typeBit(type)), [exprStmt(assign(at, { kind: "postfix", op: "++", operand: arg }))], [
            ifStmt(bin("&&", bin("==", type, id("LUA_TNIL")), not(required)), [exprStmt({ kind: "postfix", op: "++", operand: arg })], [
              ifStmt(bin("||", required, bin("&&", bin("!=", type, id("LUA_TNONE")), not(accepts("later", typeBit(type))))), [
                exprStmt(lua("arg_type_error", arg, member(id("p"), "expected", true))),
              ]),
            ]),
          ]),
        ],
      }]);
    },
  },
  check_int: {
    includes: ["<limits.h>"],
    stack: "[-0, +0, v]",
    doc: `An integer argument: a number with an integer value, or a string Lua converts to
one (as luaL_checkinteger reads it). 1.5 and values beyond int are refused
under Lua 5.1 as under 5.3, where 5.1's luaL_checkinteger would truncate.`,
    build: () => {
      const v = id("v");
      const n = id("n");
      const inInt = (x: CExpr): CExpr => bin("&&", bin(">=", x, id("INT_MIN")), bin("<=", x, id("INT_MAX")));
      return luaFn(named("int"), "check_int", [[named("int"), "arg"]], [{
        kind: "pp-if", cond: "LUA_VERSION_NUM >= 503",
        then: [
          declStmt(named("lua_Integer"), "v", lua("luaL_checkinteger", arg)),
          { kind: "pp-if", cond: "LUA_MAXINTEGER > INT_MAX", then: [exprStmt(lua("luaL_argcheck", inInt(v), arg, integerMessage))] },
          ret(cast(named("int"), v)),
        ],
        else: [
          declStmt(named("lua_Number"), "n", lua("luaL_checknumber", arg)),
          exprStmt(lua("luaL_argcheck", bin("&&", inInt(n), bin("==", cast(named("lua_Number"), cast(named("int"), n)), n)), arg, integerMessage)),
          ret(cast(named("int"), n)),
        ],
      }]);
    },
  },
  check_int_in: {
    needs: ["check_int"],
    stack: "[-0, +0, v]",
    doc: "an integer argument that must fit the C type it is stored in: no silent truncation",
    build: () => luaFn(named("int"), "check_int_in", [[named("int"), "arg"], [named("int"), "min"], [named("int"), "max"]], [
      declStmt(named("int"), "v", lua("check_int", arg)),
      exprStmt(lua("luaL_argcheck", bin("&&", bin(">=", id("v"), id("min")), bin("<=", id("v"), id("max"))), arg, str("out of range"))),
      ret(id("v")),
    ]),
  },
  check_flag: {
    includes: ["<stdbool.h>"],
    stack: "[-0, +0, v]",
    doc: "a flag: a boolean, or a number where 0 is false (NodeMCU's 0/1 convention)",
    build: () => luaFn(named("bool"), "check_flag", [[named("int"), "arg"]], [
      ifStmt(bin("==", lua("lua_type", arg), id("LUA_TNUMBER")), [ret(bin("!=", lua("luaL_checkinteger", arg), int(0)))]),
      exprStmt(lua("luaL_checktype", arg, id("LUA_TBOOLEAN"))),
      ret(lua("lua_toboolean", arg)),
    ]),
  },
  field_string: {
    stack: "[-0, +1, e]",
    doc: "a string field of a table argument; NULL when absent. Its value stays on the stack, keeping the string alive.",
    build: () => luaFn(cstring, "field_string", [...fieldParams, [ptr(named("size_t")), "len"]], [
      exprStmt(assign({ kind: "unary", op: "*", operand: id("len") }, int(0))),
      ...fieldTypeOf(),
      ifStmt(bin("==", id("type"), id("LUA_TNIL")), [ret(id("NULL"))]),
      ifStmt(bin("!=", id("type"), id("LUA_TSTRING")), [fieldError("string")]),
      ret(lua("lua_tolstring", top, id("len"))),
    ]),
  },
  field_int: {
    stack: "[-0, +1, e]",
    doc: "an integer field of a table argument; 0 when absent. Its value stays on the stack.",
    build: () => luaFn(named("lua_Integer"), "field_int", fieldParams, [
      ...fieldTypeOf(),
      ifStmt(bin("==", id("type"), id("LUA_TNIL")), [ret(int(0))]),
      ifStmt(bin("!=", id("type"), id("LUA_TNUMBER")), [fieldError("number")]),
      ret(lua("lua_tointeger", top)),
    ]),
  },
  field_flag: {
    includes: ["<stdbool.h>"],
    stack: "[-0, +1, e]",
    doc: "a flag field of a table argument (boolean or 0/1); false when absent. Its value stays on the stack.",
    build: () => luaFn(named("bool"), "field_flag", fieldParams, [
      exprStmt(lua("lua_getfield", id("table"), id("field"))),
      ret({ kind: "cond", test: bin("==", lua("lua_type", top), id("LUA_TNUMBER")), then: bin("!=", lua("lua_tointeger", top), int(0)), else: lua("lua_toboolean", top) }),
    ]),
  },
  push_ref: {
    includes: ["<stdbool.h>"],
    stack: "[-0, +1 or +0, -]",
    doc: "pushes the value a registry ref holds; false (nothing pushed) when the ref is unset",
    build: () => luaFn(named("bool"), "push_ref", [[refType, "ref"]], [
      ifStmt(not(valid(id("ref"))), [ret(id("false"))]),
      registryValue(id("ref")),
      ret(id("true")),
    ]),
  },
  push_callback: {
    needs: ["push_ref"],
    includes: ["<stdbool.h>"],
    // luaX_push_weak_ref raises an error for a self ref that was never set
    stack: "[-0, +2 or +0, v]",
    doc: "pushes the function a registry ref holds and the userdata of a weak self-ref, its first argument; false (nothing pushed) when the ref is unset",
    build: () => luaFn(named("bool"), "push_callback", [[refType, "fn"], [refType, "self"]], [
      ifStmt(not(lua("push_ref", id("fn"))), [ret(id("false"))]),
      exprStmt(lua("luaX_push_weak_ref", id("self"))),
      ret(id("true")),
    ]),
  },
  opt_ref: {
    stack: "[-0, +0, m]",
    doc: "keeps the argument at a stack index in a registry ref, or releases the ref when the index is 0 (argument absent)",
    build: () => luaFn(named("void"), "opt_ref", [[named("int"), "index"], [ptr(refType), "ref"]], [
      ifStmt(bin("!=", id("index"), int(0)), [exprStmt(lua("luaX_set_ref", id("index"), id("ref")))], [exprStmt(lua("luaX_unset_ref", id("ref")))]),
    ]),
  },
  slot_bytes: {
    needs: ["tsc2c_bytes"],
    stack: "[-0, +0, m]",
    doc: "a string on the Lua stack as bytes (a pairs() key or value); valid while it stays there",
    build: () => luaFn(bytes, "slot_bytes", [[named("int"), "index"]], [
      declStmt(bytes, "b"),
      exprStmt(assign(member(id("b"), "ptr"), lua("lua_tolstring", id("index"), { kind: "unary", op: "&", operand: member(id("b"), "len") }))),
      ret(id("b")),
    ]),
  },
  value_type: {
    stack: "[-0, +0, -]",
    doc: "the Lua type of a value held by its stack index; 0 (no such argument) is nil",
    build: () => luaFn(named("int"), "value_type", [[named("int"), "index"]], [
      ret({ kind: "cond", test: bin("!=", id("index"), int(0)), then: lua("lua_type", id("index")), else: id("LUA_TNIL") }),
    ]),
  },
  push_value: {
    stack: "[-0, +1, -]",
    doc: "pushes the value at a stack index again; nil for 0 (no such argument)",
    build: () => luaFn(named("void"), "push_value", [[named("int"), "index"]], [
      ifStmt(bin("!=", id("index"), int(0)), [exprStmt(lua("lua_pushvalue", id("index")))], [exprStmt(lua("lua_pushnil"))]),
    ]),
  },
  vararg_index: {
    doc: "the stack index of element i of the n varargs from stack index first on; 0 (nil) past the last",
    build: (): CTopLevel => ({
      kind: "function", ret: named("int"), name: "vararg_index", isStatic: true,
      params: [{ type: named("int"), name: "first" }, { type: named("int"), name: "n" }, { type: named("int"), name: "i" }],
      body: [ret({ kind: "cond", test: bin("&&", bin(">=", id("i"), int(0)), bin("<", id("i"), id("n"))), then: bin("+", id("first"), id("i")), else: int(0) })],
    }),
  },
  call_result: {
    stack: "[-(n+1), +1, e]",
    doc: `calls the function under its n arguments for one result, left on the stack: nil
when the call failed (luaL_pcallx has reported the error)`,
    build: () => luaFn(named("void"), "call_result", [[named("int"), "n"]], [
      ifStmt(bin("!=", lua("luaL_pcallx", id("n"), int(1)), int(0)), [exprStmt(lua("lua_pushnil")), exprStmt(lua("lua_replace", int(-2)))]),
    ]),
  },
  ref_string: {
    stack: "[-0, +0, m]",
    doc: "the string a registry ref holds, NUL-terminated as Lua keeps every string; NULL when the ref is unset",
    build: () => luaFn(cstring, "ref_string", [[refType, "ref"]], [
      declStmt(cstring, "s", id("NULL")),
      ifStmt(valid(id("ref")), [registryValue(id("ref")), exprStmt(assign(id("s"), lua("lua_tostring", top))), pop1]),
      ret(id("s")),
    ]),
  },
  ref_bytes: {
    needs: ["tsc2c_bytes"],
    stack: "[-0, +0, m]",
    doc: "the string a registry ref holds; the registry keeps it alive, so the pointer stays valid",
    build: () => luaFn(bytes, "ref_bytes", [[refType, "ref"]], [
      declStmt(bytes, "b", { kind: "init", fields: [{ value: id("NULL") }, { value: int(0) }] }),
      ifStmt(valid(id("ref")), [
        registryValue(id("ref")),
        exprStmt(assign(member(id("b"), "ptr"), lua("lua_tolstring", top, { kind: "unary", op: "&", operand: member(id("b"), "len") }))),
        pop1,
      ]),
      ret(id("b")),
    ]),
  },
  task_dropped: {
    doc: "an event a Lua task function could not be given: logged with how many of its kind were lost so far",
    // an error path: cold, out of line; `tag` is ESP_LOG's tag, the module's name
    build: (tag?: string): CTopLevel => {
      if (tag === undefined) throw new Error("task_dropped: no log tag (the module's name)");
      return {
        kind: "function", ret: named("void"), name: "task_dropped", isStatic: true, cold: true,
        params: [{ type: cstring, name: "task" }, { type: cstring, name: "why" }, { type: ptr(named("uint32_t")), name: "dropped" }],
        body: [exprStmt(call("ESP_LOGE", str(tag), str("%s: %s, event dropped (%u so far)"), id("task"), id("why"),
          cast(named("unsigned"), call("__atomic_add_fetch", id("dropped"), int(1), id("__ATOMIC_RELAXED")))))],
      };
    },
  },
} satisfies Record<string, HelperDecl>;

/** A fixed helper's declaration (its name is its key); `needs` names other keys, checked when it is emitted. */
type HelperDecl = Omit<Helper, "name" | "build" | "needs"> & { needs?: string[]; build(tag?: string): CTopLevel };

export type HelperName = keyof typeof helpers;

/** The helper functions and types a module may get, by C name: no user name may spell one (print/names.ts). */
export const helperNames = (): string[] => [...Object.keys(helpers), "tsc2c_bytes"];

/** What a fixed helper needs emitted before it, by name. */
export const helperNeeds = (name: string): string[] => (helpers as Record<string, HelperDecl>)[name]?.needs ?? [];

/** Emits one of the fixed helpers, after what it needs; `logTag` is the ESP_LOG tag of those that log (the module's name). */
export function useArgHelpers(ctx: LowerContext, name: HelperName, logTag?: string): void {
  const h: HelperDecl | undefined = helpers[name];
  if (!h) throw new Error(`no C helper named ${name}`);
  emitHelper(ctx, { name, ...h, needs: h.needs as Helper["needs"], build: () => h.build(logTag) });
}
