import { bin, call, id, int, named, exprStmt, str, type CExpr, type CInitField, type CStmt } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { lowerTo } from "../lower/expressions.ts";
import { base, toSpec, type CType } from "../lower/ctypes.ts";
import { useBytesType } from "../lower/helpers.ts";
import { ARG_KINDS, expectedOf, kindOf, type ArgKind } from "./kinds/index.ts";
import type { ParamModel } from "./model.ts";
import { emitHelper, useArgHelpers } from "./helpers.ts";

/** How a parsed parameter is held in C, for the body's identifiers. */
export interface BoundParam {
  shape: ParamModel;
  /** C local per kind (a union has several) */
  locals: Map<ArgKind["k"], { cname: string; t: CType }>;
  /** C local holding the Lua type of a union argument */
  typeLocal?: string;
  /** the stack index of the argument (constant, or parse_args()'s `arg[j]`, 0 when left out) */
  index: CExpr;
  /** C local holding the stack index of a table-shaped argument's first field (fieldsLocal) */
  fields: string;
  /** a rest parameter (`...args: LuaValue[]`): the stack index of its first argument and the C local counting them */
  rest?: { first: number; count: string };
}

/**
 * Where the table that parse_args() walks starts: at the first optional
 * parameter, or the first union (its Lua type test and "x or y expected"
 * error are then parse_args()'s, not code in each function); -1 for none.
 */
function firstInTable(shapes: ParamModel[]): number {
  return shapes.findIndex((s) => !s.rest && (s.optional || s.nullable || s.kinds.length > 1));
}

/**
 * Declares the C locals of each parameter (before the body is lowered, so
 * identifiers resolve). The arguments before the first optional one (or
 * union) are at fixed stack indices; from there on, parse_args() finds each
 * one's index from the function's table of parameter descriptions (`arg[j]`,
 * 0 when left out). A required parameter with only required ones before it in
 * the table is still at a fixed index.
 */
export function bindParams(shapes: ParamModel[], firstIndex: number, names: (want: string) => string): BoundParam[] {
  const firstFlexible = firstInTable(shapes);
  // parse_args() always gives a required parameter the next argument: until the first optional one, indices are known
  const firstOptional = shapes.findIndex((s) => !s.rest && (s.optional || s.nullable));
  return shapes.map((shape, i) => {
    // the varargs start after the fixed parameters (the model lets only those come before them)
    if (shape.rest) return { shape, locals: new Map(), index: int(firstIndex + i), fields: "", rest: { first: firstIndex + i, count: names(`${shape.cname}_n`) } };
    const fromArg = firstOptional >= 0 && i >= firstOptional;
    const cname = shape.cname;
    const locals = new Map<ArgKind["k"], { cname: string; t: CType }>();
    for (const k of shape.kinds) {
      const suffix = shape.kinds.length > 1 ? `_${k.k}` : "";
      locals.set(k.k, { cname: suffix ? names(cname + suffix) : cname, t: kindOf(k).arg.type(k) });
    }
    const index: CExpr = fromArg ? { kind: "index", object: id(names("arg")), index: int(i - firstFlexible) } : int(firstIndex + i);
    const bp: BoundParam = { shape, locals, index, fields: names(`${cname}_fields`) };
    if (shape.kinds.length > 1) bp.typeLocal = names(`${cname}_type`);
    return bp;
  });
}

/** The statements that read the Lua arguments into the locals, with Lua's standard errors. */
export function parseArgs(bound: BoundParam[], firstIndex: number, usedIndex: Set<string>, ctx: LowerContext, fnName: string): CStmt[] {
  const out: CStmt[] = [];
  const firstFlexible = firstInTable(bound.map((b) => b.shape));
  // the fields of a table argument are read onto the stack: where parse_args() would take them
  // for arguments, so a fixed table's fields are read after it has walked the arguments
  const deferred: CStmt[] = [];
  // how many varargs there are, counted once the fixed arguments were checked (each is there): pushes later change nothing
  const rest = bound.find((b) => b.rest)?.rest;
  const count: CStmt[] = rest && usedIndex.has(rest.count)
    ? [{ kind: "decl", type: named("int"), name: rest.count, init: rest.first > 1 ? bin("-", call("lua_gettop", id("L")), int(rest.first - 1)) : call("lua_gettop", id("L")) }]
    : [];
  bound.filter((b) => !b.rest).forEach((b, i) => {
    const flexible = firstFlexible >= 0 && i >= firstFlexible;
    // the fixed arguments are checked first, then the table walks the rest
    // (the varargs are no row of the table: they are counted, not parsed)
    if (i === firstFlexible) out.push(...parseTable(bound.slice(firstFlexible).filter((x) => !x.rest), firstIndex + firstFlexible, ctx, fnName), ...deferred.splice(0));
    const at = b.index;
    for (const [k, l] of b.locals) {
      // an argument the body never reads is checked but not kept
      if (!usedIndex.has(l.cname) && k !== "struct") continue;
      if (base(l.t).k === "bytes") useBytesType(ctx);
      let init: CExpr = ARG_KINDS[k].arg.initial;
      if (b.shape.defaultValue && b.locals.size === 1) init = lowerTo(b.shape.defaultValue, l.t, ctx);
      // a function, table or any-value argument is its stack index, 0 when left out
      if (flexible && b.locals.size === 1 && (k === "function" || k === "table" || k === "value")) init = at;
      out.push({ kind: "decl", type: toSpec(l.t), name: l.cname, init });
      if (k === "struct" && usedIndex.has(fieldsLocal(b))) out.push({ kind: "decl", type: named("int"), name: fieldsLocal(b), init: int(0) });
    }
    const typeUsed = b.typeLocal !== undefined && usedIndex.has(b.typeLocal);
    if (typeUsed) out.push({ kind: "decl", type: named("int"), name: b.typeLocal!, init: id("LUA_TNIL") });
    const taken = (k: ArgKind): CStmt[] => [
      // past parse_args(), an unread argument needs no more checks unless it is an integer (its value) or a table (its fields)
      ...(flexible && !usedIndex.has(b.locals.get(k.k)!.cname) && k.k !== "int" && k.k !== "struct" ? [] : readKind(b, k, at, ctx, false, usedIndex)),
      // the member taken, not the raw Lua type: a number read as a string is a string now
      ...(typeUsed ? [exprStmt({ kind: "assign", op: "=", target: id(b.typeLocal!), value: id(kindOf(k).arg.readAs) })] : []),
    ];
    const expected = b.shape.kinds.map(expectedOf).join(" or ");
    const typeName = ctx.frameName("type");
    const type = id(typeName);
    // a union: which member, from one lua_type(); the last member needs no test when the type was already accepted
    const dispatch = (last: CStmt[] | undefined): CStmt[] => {
      let chain: CStmt[] = last ?? taken(b.shape.kinds[b.shape.kinds.length - 1]!);
      for (let j = b.shape.kinds.length - (last ? 1 : 2); j >= 0; j--) {
        chain = [{ kind: "if", test: typeTest(typesOf(b, b.shape.kinds[j]!), type), then: taken(b.shape.kinds[j]!), else: chain }];
      }
      return [{ kind: "decl", type: named("int"), name: typeName, init: call("lua_type", id("L"), at) }, ...chain];
    };
    if (!flexible) {
      if (b.shape.kinds.length > 1) {
        out.push({ kind: "block", body: dispatch([typeError(at, expected, ctx)]) });
        return;
      }
      const read = readKind(b, b.shape.kinds[0]!, at, ctx, true, usedIndex);
      if (b.shape.kinds[0]!.k === "struct" && firstFlexible > i) {
        // its type is checked in place; its fields are read once parse_args() is done
        out.push(read[0]!);
        deferred.push(...read.slice(1));
        return;
      }
      // `int x = 0; x = read;` is `int x = read;`
      const decl = out[out.length - 1];
      const last = read[read.length - 1];
      if (decl?.kind === "decl" && last?.kind === "expr" && last.expr.kind === "assign" && last.expr.target.kind === "ident" && last.expr.target.name === decl.name) {
        out.pop();
        read[read.length - 1] = { ...decl, init: last.expr.value };
      }
      out.push(...read);
      return;
    }
    // parse_args() has checked the Lua type: what is left is reading the value (and checking an integer's value)
    const only = b.shape.kinds.length === 1 ? b.shape.kinds[0]! : undefined;
    if (only && (only.k === "function" || only.k === "table" || only.k === "value")) return; // its local is the index
    const reads = only ? taken(only) : dispatch(undefined);
    if (reads.length === 0) return;
    // a union's dispatch declares `type`: in a block of its own
    if (!b.shape.optional && !b.shape.nullable) out.push(...(only ? reads : [{ kind: "block" as const, body: reads }]));
    else out.push({ kind: "if", test: bin("!=", at, int(0)), then: reads });
  });
  return [...out, ...count];
}

/** The Lua types a member of a parameter's type takes, as the union decides between its members. */
function typesOf(b: BoundParam, k: ArgKind): string[] {
  const hasNumberKind = b.shape.kinds.some((o) => o.k === "int" || o.k === "flag" || o.k === "number");
  const union = b.shape.kinds.length > 1;
  // in a union a number goes to the number member, and a string never to an integer member
  // (a non-numeric string keeps the union's "x or y expected" error)
  return kindOf(k).arg.accepts.filter((t) => !(k.k === "string" && t === "LUA_TNUMBER" && hasNumberKind) && !(k.k === "int" && t === "LUA_TSTRING" && union));
}

/**
 * The parameters from the first optional one on, as data: one `static const
 * lua_param <fn>_params[]` (Lua types taken, required or not, the types later
 * parameters take, the expected-type wording) that the shared parse_args()
 * walks, giving each parameter's stack index in `arg[]`.
 */
function parseTable(bound: BoundParam[], first: number, ctx: LowerContext, fnName: string): CStmt[] {
  const rows = bound.map((b, j): CInitField => {
    const required = !b.shape.optional && !b.shape.nullable;
    const accept = b.shape.kinds.flatMap((k) => typesOf(b, k));
    // absent, nil, or (optional only) a value meant for a later parameter: the default stays
    // `@positional`: a value of another type is an error here, never passed on to a later parameter
    const later = b.shape.optional && !b.shape.positional ? bound.slice(j + 1).flatMap((x) => x.shape.kinds).flatMap((k) => kindOf(k).arg.skips) : [];
    const expected = b.shape.kinds.map(expectedOf).join(" or ");
    const mask = required ? bin("|", typeBits(accept), id("ARG_REQUIRED")) : typeBits(accept);
    return { value: { kind: "init", fields: [{ value: mask }, { value: typeBits(later) }, { value: str(expected) }] }, comment: b.shape.cname };
  });
  const table = `${fnName}_params`;
  emitHelper(ctx, {
    name: table,
    needs: ["parse_args"],
    doc: `what parse_args() reads for the parameters of ${fnName}() from the first optional one on`,
    build: () => ({ kind: "var", type: { kind: "array", of: named("lua_param"), length: null }, name: table, isStatic: true, isConst: true, init: { kind: "init", fields: rows } }),
  });
  return [
    { kind: "decl", type: { kind: "array", of: named("int"), length: bound.length }, name: ctx.frameName("arg") },
    exprStmt(call("parse_args", id("L"), int(first), id(table), int(bound.length), id(ctx.frameName("arg")))),
  ];
}

/** A mask of Lua types: LUA_TYPE_BIT(A) | LUA_TYPE_BIT(B), or 0. */
function typeBits(types: string[]): CExpr {
  const uniq = [...new Set(types)];
  return uniq.length ? uniq.map((t) => call("LUA_TYPE_BIT", id(t))).reduce((a, b) => bin("|", a, b)) : int(0);
}

/** `type == A || type == B` over the Lua type read once. */
function typeTest(types: string[], type: CExpr): CExpr {
  const uniq = [...new Set(types)];
  return uniq.map((t) => bin("==", type, id(t))).reduce((a, b) => bin("||", a, b));
}

function typeError(at: CExpr, expected: string, ctx: LowerContext): CStmt {
  useArgHelpers(ctx, "arg_type_error");
  return { kind: "return", value: call("arg_type_error", id("L"), at, { kind: "string", bytes: [...Buffer.from(expected)] }) };
}

/** Reads one kind at the cursor into its local, as its descriptor says; `checked` uses luaL_check* for Lua's standard messages. */
function readKind(b: BoundParam, k: ArgKind, at: CExpr, ctx: LowerContext, checked: boolean, usedIndex: Set<string>): CStmt[] {
  const l = b.locals.get(k.k)!;
  const fields = k.k === "struct" && usedIndex.has(fieldsLocal(b)) ? fieldsLocal(b) : undefined;
  return kindOf(k).arg.read({ ctx, kind: k, target: id(l.cname), used: usedIndex.has(l.cname), at, checked, ...(fields ? { fields } : {}) });
}

/**
 * The C local holding the stack index of the first field of a table-shaped
 * parameter (the others follow it, in declaration order), when the body keeps
 * a field in a ref: the value read at entry is the one kept, not read again.
 */
export function fieldsLocal(b: BoundParam): string {
  return b.fields;
}
