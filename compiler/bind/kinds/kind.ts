import type { CExpr, CStmt, CTypeSpec } from "../../cast/ast.ts";
import type { LowerContext } from "../../lower/context.ts";
import type { CType } from "../../lower/ctypes.ts";

/** A value's type as Lua sees it: in the model, the stubs and the reference pages. */
export type LuaTypeName = "string" | "integer" | "number" | "boolean" | "function" | "table" | "userdata" | "nil" | "any";

/** What one member of a parameter's type accepts from Lua (a union has several): a kind, with its C type where that varies. */
export type ArgKind =
  | { k: "string" }
  | { k: "int"; t: CType }
  | { k: "number" }
  | { k: "flag" } // boolean, or a number where 0 is false (NodeMCU's 0/1 flags)
  | { k: "function" }
  | { k: "table" }
  | { k: "struct"; t: Extract<CType, { k: "struct" }> }
  | { k: "userdata"; t: CType; meta: string } // an object of the module: a pointer to its struct, checked against its metatable
  | { k: "value" }; // any Lua value (LuaValue): its stack index

export type KindName = ArgKind["k"];

/** Where and how one argument is read: the reader of a kind fills its C local from stack index `at`. */
export interface ArgRead {
  ctx: LowerContext;
  kind: ArgKind;
  /** the C local the value goes into */
  target: CExpr;
  /** the body reads the value (else it is checked, not kept) */
  used: boolean;
  at: CExpr;
  /** its Lua type was not checked yet (luaL_check* give Lua's standard messages) */
  checked: boolean;
  /** a table-shaped argument's local holding the stack index of its first field, when the body needs it */
  fields?: string;
}

/** How an argument of a kind is taken from Lua. */
export interface ArgSide {
  /** the lua_type() values an argument of this kind takes */
  readonly accepts: readonly string[];
  /** the lua_type() values that let an argument pass optional parameters before one of this kind */
  readonly skips: readonly string[];
  /** the lua_type() isTable()/isString() see once a union member of this kind was read */
  readonly readAs: string;
  /** the argument kind a parameter of C type `t` is read as, when it is one of this kind; `meta` gives a userdata class's metatable name */
  of(t: CType, meta: (t: CType) => string | undefined): ArgKind | undefined;
  /** the "X expected" word when it depends on the argument (a userdata's metatable name) */
  expected?(k: ArgKind): string;
  /** the C type of the local an argument is read into */
  type(k: ArgKind): CType;
  /** the local's value before the argument is read (a left-out optional argument keeps it) */
  readonly initial: CExpr;
  /** the statements that read (and check) the argument into its local */
  read(r: ArgRead): CStmt[];
  /** reads field `name` of the table at `table` into `dst` (a field of a table-shaped argument), leaving its value on the stack */
  readField?(ctx: LowerContext, dst: CExpr, name: string, t: CType, table: CExpr): CStmt;
}

/** How a C value of a kind is handed to Lua. */
export interface ValueSide {
  /** the C types (by their base kind) held as this Lua kind */
  readonly holds: readonly CType["k"][];
  /** pushes `v` (of C type `t`; a table's value is an lvalue) onto the stack of `L`; a table's push emits its helper in `ctx` */
  push(L: CExpr, v: CExpr, t: CType, ctx: LowerContext): CExpr;
  /** a shared callback helper's C parameter type and the part of its name (call_self_int_str) */
  param?(t: CType): { c: CTypeSpec; part: string };
  /** the Lua type a returned value of C type `t` is, in the model, stubs and docs, when it depends on `t` (else the kind's) */
  luaOf?(t: CType): LuaTypeName;
  /** the C types (base kinds) a @luaTask parameter of this kind may have: it is copied across threads */
  readonly crossesTasks: readonly CType["k"][];
  /** a Lua function may return it */
  readonly returnable: boolean;
}

/**
 * One Lua kind, everything the binding knows about it in one place: what
 * arguments, returns, table fields, callbacks, tasks, stubs and reference
 * pages do with a value of this kind. A new kind is one new descriptor
 * (kinds/index.ts lists them).
 */
export interface KindDescriptor {
  readonly name: KindName | "nil" | "sequence";
  /** the Lua type in the model, the stubs and the docs */
  readonly lua: LuaTypeName;
  /** a parameter's LuaLS type (a flag takes a boolean or NodeMCU's 0/1) */
  readonly luaLS: string;
  /** the word of Lua's "X expected" message, as luaL_check* word it */
  readonly expected: string;
  /** as an argument; absent for a kind Lua code cannot pass in */
  readonly arg?: ArgSide;
  /** as a value pushed to Lua (returns, callbacks, tasks); absent for a kind not handed back */
  readonly value?: ValueSide;
}
