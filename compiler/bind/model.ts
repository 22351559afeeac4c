import { Node, SyntaxKind, type ArrowFunction, type TypeNode, type RestTypeNode, type ClassDeclaration, type ConstructorDeclaration, type FunctionDeclaration, type MethodDeclaration, type ParameterDeclaration, type SourceFile } from "ts-morph";
import type { LowerContext } from "../lower/context.ts";
import { base, BOOL, BYTES, describe, DOUBLE, holdsList, INT, sameType, type CType } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import { intrinsicOf, isBytesType } from "../load/prelude.ts";
import { cTypeOf, structType } from "../lower/typenodes.ts";
import { guarded } from "../lower/program.ts";
import { refuseKeptList } from "../lower/lists.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { argKinds, isNullType } from "./luakinds.ts";
import { FIELD_KINDS, kindOf, tableProblem, valueKindOf, type ArgKind, type LuaTypeName } from "./kinds/index.ts";
import { leadingComment, tagOf } from "./jsdoc.ts";
import { docOf } from "../lower/doc.ts";

/**
 * The module interface model: what a `@luaModule` file offers Lua, as data.
 * One pass (buildModel) reads the TypeScript declarations and raises the
 * binding diagnostics about the interface at the member, parameter or field
 * they concern; the glue emitter (module.ts, functions.ts, rom.ts,
 * luatask.ts) reads this model, and so can generators of stubs and docs.
 * Nodes are kept only to lower bodies and to locate later diagnostics.
 */
export interface ModuleModel {
  /** the Lua name (`@luaModule mqtt`) */
  name: string;
  /** the Kconfig symbol that enables it (`@kconfig MQTT`; default the upper-cased name) */
  kconfig: string;
  doc: string;
  functions: FunctionModel[];
  constants: ConstantModel[];
  classes: ClassModel[];
  tasks: TaskModel[];
}

export type { LuaTypeName };

export interface ParamModel {
  name: string;
  /** the C local(s) it is read into */
  cname: string;
  /** how each accepted Lua type is read (a union has several, tried in order) */
  kinds: ArgKind[];
  /** the Lua types accepted, for messages, stubs and docs */
  accepts: LuaTypeName[];
  /** may be absent (has a default or `?`) */
  optional: boolean;
  /** may be nil (`| null`) */
  nullable: boolean;
  /** the default's source text, when it has one other than null */
  defaultText?: string;
  defaultValue?: Node;
  /** the function is `@positional`: a left-out argument is only an absent or nil one, never skipped by its type */
  positional: boolean;
  /** a rest parameter `...args: LuaValue[]`: the arguments after the fixed ones, any number */
  rest: boolean;
  /** the fields of a table-shaped argument (an interface) */
  tableFields?: { name: string; type: LuaTypeName; luaLS: string }[];
  node: ParameterDeclaration;
}

/** One value a Lua function returns. */
export interface ReturnValue {
  lua: LuaTypeName;
  /** its C type (without the null of `T | null`) */
  t: CType;
  /** `T | null`: a `return null` (or a null branch of `c ? v : null`) returns nil */
  nullable: boolean;
  /** where it is declared (an arrow function's returned expression when it declares no return type) */
  node: TypeNode | Node;
  /** a `LuaFunction`: the arrow functions the function returns as C closures (closures.ts), in source order */
  closures?: ClosureModel[];
}

/** An arrow function a Lua function returns as a `LuaFunction`: a Lua C function of its own, a C closure. */
export interface ClosureModel {
  /** its parameters: Lua arguments, read as a Lua function's are */
  params: ParamModel[];
  returns: ReturnModel;
  node: ArrowFunction;
}

/**
 * What a Lua function returns: no value, one (`T`, `T | null`), or several (a
 * tuple type `[A, B]`, each returned by `return [a, b]`). A tuple with a rest
 * element (`[...int[], int]`) returns as many values as a results list holds
 * (results.ts), returned spread: `return [...out, next]`.
 */
export interface ReturnModel {
  /** the fixed values, in order (a rest element's place is `rest.at`) */
  values: ReturnValue[];
  /** declared as a tuple: every return is an array literal of as many values */
  tuple: boolean;
  /** the rest element: the fixed values before it, and the kinds its values may have (a union gives several) */
  rest?: { at: number; kinds: ReturnValue[]; node: TypeNode };
}

export interface FunctionModel {
  /** the key in the module table or metatable */
  luaName: string;
  cname: string;
  doc: string;
  kind: "function" | "constructor" | "method" | "gc";
  /** the stack index of the first argument (2 for methods: the userdata is 1) */
  firstIndex: number;
  params: ParamModel[];
  returns: ReturnModel;
  node: FunctionDeclaration | MethodDeclaration | ConstructorDeclaration | ClassDeclaration | ArrowFunction;
}

export interface FieldModel {
  name: string;
  doc: string;
  type: CType;
  /** a registry ref, or a fixed array of them: unset at construction, released by __gc */
  ref: "none" | "ref" | "refArray";
  /** elements of an array field */
  length?: number;
  /** the initialiser the constructor applies (none for null: the field starts zero or unset) */
  init?: Node;
}

export interface ClassModel {
  name: string;
  /** the registered metatable name (`@userdata mqtt.mt`) */
  metaName: string;
  doc: string;
  struct: CType;
  fields: FieldModel[];
  ctor: FunctionModel;
  /** Lua methods, __gc included */
  methods: FunctionModel[];
  /** private or @internal methods: plain C functions taking the userdata */
  cMethods: { name: string; cname: string; doc: string; node: MethodDeclaration }[];
  node: ClassDeclaration;
}

export interface ConstantModel {
  key: string;
  cname: string;
  value: number;
  doc: string;
}

export interface TaskModel {
  name: string;
  doc: string;
  params: { name: string; t: CType }[];
  /** `@luaTask wait=<ms>`: how long a poster waits for a free queue slot before the event is dropped; `wait=forever`: no bound (-1) */
  waitMs: number;
  /** `@luaTask abandon=<fn>`: with `wait=forever`, a predicate (the task's leading arguments) polled while waiting; true gives the event up */
  abandon?: string;
  /** `@luaTask prio=low|medium|high`: the task queue posted to (default medium) */
  prio: "low" | "medium" | "high";
  node: FunctionDeclaration;
}

/** NodeMCU's ROM tables hold keys of at most this many characters. */
export const ROM_KEY_MAX = 32;

const moduleTag = /@luaModule\s+(\w+)/;

/** A file is a Lua module when its leading comment has `@luaModule <name>`. */
export function isLuaModuleFile(sf: SourceFile): boolean {
  return moduleTag.test(leadingComment(sf));
}

export { docOf };

/** Private methods, and those tagged @internal (callable from the module's functions), are not Lua methods. */
export function isCOnly(m: MethodDeclaration): boolean {
  return m.hasModifier(SyntaxKind.PrivateKeyword) || tagOf(m, "internal") !== undefined;
}

export function paramModel(p: ParameterDeclaration, metaOf: (t: CType) => string | undefined, positional: boolean, ctx: LowerContext): ParamModel {
  const tn = p.getTypeNode() ?? ctx.fail(p, "MissingType", `parameter '${p.getName()}'`);
  if (p.isRestParameter()) return restModel(p, tn, ctx);
  const { kinds, nullable } = argKinds(tn, ctx, metaOf);
  const init = p.getInitializer();
  // any value, nil included: nothing to skip it by, no "absent" apart from nil
  if (kinds.some((k) => k.k === "value") && (kinds.length > 1 || nullable || p.hasQuestionToken() || init !== undefined)) {
    ctx.fail(tn, "BindingParam", p.getName(), "a LuaValue parameter takes any value, nil included: declare it alone, required (isNil() tests for nil), or take the rest as ...args: LuaValue[]");
  }
  const struct = kinds.find((k) => k.k === "struct");
  return {
    name: p.getName(),
    cname: sanitizeIdentifier(p.getName()),
    kinds,
    accepts: [...new Set(kinds.map((k) => kindOf(k).lua))],
    nullable,
    positional,
    optional: p.hasQuestionToken() || init !== undefined,
    rest: false,
    ...(init && init.getKind() !== SyntaxKind.NullKeyword ? { defaultValue: init, defaultText: init.getText() } : {}),
    ...(struct?.k === "struct" ? { tableFields: [...struct.t.fields()].map(([name, t]) => {
      const field = FIELD_KINDS.get(base(t).k)!;
      return { name, type: field.lua, luaLS: field.luaLS };
    }) } : {}),
    node: p,
  };
}

/** `...args: LuaValue[]`: the arguments after the fixed parameters, each any Lua value. */
function restModel(p: ParameterDeclaration, tn: TypeNode, ctx: LowerContext): ParamModel {
  const element = Node.isArrayTypeNode(tn) ? tn.getElementTypeNode() : undefined;
  if (!element || cTypeOf(element, ctx).k !== "lua" || (cTypeOf(element, ctx) as { what: string }).what !== "value") {
    return ctx.fail(tn, "BindingParam", `...${p.getName()}`, "a rest parameter takes the remaining arguments as ...args: LuaValue[]");
  }
  const before = p.getParentOrThrow().getChildrenOfKind(SyntaxKind.Parameter).filter((q) => q !== p);
  // the varargs start at a fixed stack index: every parameter before them takes exactly one argument
  // (a required union takes exactly one; a nil-able parameter left out at the end takes none)
  const flexible = before.find((q) => {
    const qt = q.getTypeNode();
    return q.hasQuestionToken() || q.getInitializer() !== undefined || (Node.isUnionTypeNode(qt) && qt.getTypeNodes().some(isNullType));
  });
  if (flexible) return ctx.fail(p, "BindingParam", `...${p.getName()}`, `varargs follow required parameters only ('${flexible.getName()}' is optional or may be nil): they start at a fixed argument`);
  return { name: p.getName(), cname: sanitizeIdentifier(p.getName()), kinds: [{ k: "value" }], accepts: ["any"], optional: true, nullable: false, positional: false, rest: true, node: p };
}

/** What the model needs to know of the module's classes while it reads a signature. */
export interface ModelScope {
  isUserdata: (t: CType) => boolean;
  /** the metatable name of a userdata class's type, undefined for any other type */
  metaOf: (t: CType) => string | undefined;
}

export function returnModel(node: FunctionDeclaration | MethodDeclaration | ArrowFunction, s: ModelScope, ctx: LowerContext): ReturnModel {
  const tn = node.getReturnTypeNode();
  if (!tn) return Node.isArrowFunction(node) ? inferredReturns(node, s, ctx) : { values: [], tuple: false };
  if (Node.isTupleTypeNode(tn)) {
    const elements = tn.getElements();
    const rests = elements.filter((e) => Node.isRestTypeNode(e));
    if (rests.length > 1) ctx.fail(rests[1]!, "BindingResults", rests[1]!.getText(), "a tuple has one rest element: the values a results list holds");
    if (elements.length < 2 && !rests.length) ctx.fail(tn, "BindingReturn", tn.getText(), "a tuple returns two or more values: return one value as itself");
    const restNode = rests[0];
    const fixed = elements.filter((e) => e !== restNode);
    return {
      values: fixed.map((e) => returnValue(e, s, ctx, node)),
      tuple: true,
      ...(restNode ? { rest: { at: elements.indexOf(restNode), kinds: restKinds(restNode, s, ctx, node), node: restNode } } : {}),
    };
  }
  if (!Node.isUnionTypeNode(tn) && cTypeOf(tn, ctx).k === "void") return { values: [], tuple: false };
  return { values: [returnValue(tn, s, ctx, node)], tuple: false };
}

/** The kinds a rest element's values may have (`...T[]`; T a union gives each member), each one Lua can be handed. */
function restKinds(rest: TypeNode, s: ModelScope, ctx: LowerContext, fn: FunctionDeclaration | MethodDeclaration | ArrowFunction): ReturnValue[] {
  let tn = (rest as RestTypeNode).getTypeNode();
  while (Node.isParenthesizedTypeNode(tn)) tn = tn.getTypeNode();
  if (!Node.isArrayTypeNode(tn)) return ctx.fail(rest, "BindingReturn", rest.getText(), "a rest element of results is an array type, `...int[]`");
  let element = tn.getElementTypeNode();
  while (Node.isParenthesizedTypeNode(element)) element = element.getTypeNode();
  const members = Node.isUnionTypeNode(element) ? element.getTypeNodes() : [element];
  return members.map((m) => {
    if (isNullType(m)) return ctx.fail(m, "BindingResults", rest.getText(), "it holds values: leave null out of the rest element");
    return returnValue(m, s, ctx, fn);
  });
}

/** One returned value's kind: what Lua can be handed (kinds/), `| null` for nil. */
function returnValue(tn: TypeNode, s: ModelScope, ctx: LowerContext, fn: FunctionDeclaration | MethodDeclaration | ArrowFunction): ReturnValue {
  const parts = Node.isUnionTypeNode(tn) ? tn.getTypeNodes() : [tn];
  const rest = parts.filter((p) => !isNullType(p));
  if (rest.length !== 1) {
    return ctx.fail(tn, "BindingReturn", tn.getText(), rest.length ? "a returned value has one type, or that type | null" : "give the type of the value returned when not null");
  }
  const t = cTypeOf(rest[0]!, ctx);
  // a LuaFunction: the arrow functions returned, each a C closure
  const b = base(t);
  if (b.k === "lua" && b.what === "function") {
    return { lua: "function", t, nullable: rest.length < parts.length, node: tn, closures: closureModels(fn, s, ctx) };
  }
  return pushable(t, tn, rest.length < parts.length, s, ctx);
}

/** A value of C type `t` that a Lua function returns: one Lua can be handed (kinds/). */
function pushable(t: CType, tn: Node, nullable: boolean, s: ModelScope, ctx: LowerContext): ReturnValue {
  const kind = valueKindOf(t, s.isUserdata(t));
  const b = base(t);
  if (b.k === "lua" && b.what === "ref") return ctx.fail(tn, "BindingReturn", describe(t), "declare the return type LuaValue (or LuaFunction) to push the value a ref holds");
  if (!kind?.value.returnable) {
    return ctx.fail(tn, "BindingReturn", describe(t), "a Lua function returns numbers, integers, bools, strings (LuaString, cstring), userdata of this module, tables (interfaces, FixedArrays) or Lua values (LuaValue, LuaFunction, LuaTable), each possibly | null, or nothing");
  }
  // a table is built from every field: each must be something Lua can be handed
  const problem = kind.lua === "table" ? tableProblem(t, describe(t)) : undefined;
  if (problem) return ctx.fail(tn, "BindingReturn", describe(t), problem);
  return { lua: kind.value.luaOf?.(t) ?? kind.lua, t, nullable, node: tn };
}

/** The arrow functions a Lua function returns (`return () => ...`, its own returns only), as closures. */
function closureModels(fn: FunctionDeclaration | MethodDeclaration | ArrowFunction, s: ModelScope, ctx: LowerContext): ClosureModel[] {
  if (Node.isArrowFunction(fn)) return [];
  const arrows = fn.getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === fn)
    .map((r) => {
      let e = r.getExpression();
      while (e && Node.isParenthesizedExpression(e)) e = e.getExpression();
      return e;
    })
    .filter((e): e is ArrowFunction => e !== undefined && Node.isArrowFunction(e));
  return arrows.map((a) => ({ params: a.getParameters().map((p) => paramModel(p, s.metaOf, false, ctx)), returns: returnModel(a, s, ctx), node: a }));
}

/**
 * What an arrow function without a return type returns, read from its
 * returned expressions: each a bool, a byte string, a callLua() result, or a name or field whose
 * declared type says which integer or number it is (`return this.k`), all of
 * one C type. Anything else asks for the return type to be written.
 */
function inferredReturns(arrow: ArrowFunction, s: ModelScope, ctx: LowerContext): ReturnModel {
  const body = arrow.getBody();
  const returned = Node.isBlock(body)
    ? body.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === arrow).flatMap((r) => r.getExpression() ?? [])
    : [body];
  // `() => { ...; return; }`: nothing
  if (!returned.length || arrow.getReturnType().isVoid()) return { values: [], tuple: false };
  const ask = (at: Node): never => ctx.fail(at, "BindingReturn", at.getText(), "write the arrow function's return type, e.g. (): int => ...");
  let t: CType | undefined;
  for (const e of returned) {
    const et = declaredType(e, ctx) ?? ask(e);
    if (t && !sameType(t, et)) ask(e);
    t = et;
  }
  return { values: [pushable(t!, returned[0]!, false, s, ctx)], tuple: false };
}

/** The C type of an expression known without lowering it: a bool, a byte string, an integer literal, or a name or field by its declared type. */
function declaredType(e: Node, ctx: LowerContext): CType | undefined {
  while (Node.isParenthesizedExpression(e)) e = e.getExpression();
  const type = e.getType();
  if (type.isBoolean() || type.isBooleanLiteral()) return BOOL;
  if (isBytesType(type, e)) return BYTES;
  if (Node.isNumericLiteral(e)) return /[.eE]/.test(e.getText()) && !/^0[xX]/.test(e.getText()) ? DOUBLE : INT;
  // `() => callLua(fn, ...)`: the callback's first result, any Lua value
  if (Node.isCallExpression(e) && intrinsicOf(e) === "callLua") return { k: "lua", what: "value" };
  const name = Node.isPropertyAccessExpression(e) ? e.getNameNode() : Node.isIdentifier(e) ? e : undefined;
  const decl = name && declarationOf(name);
  const tn = decl && (Node.isPropertyDeclaration(decl) || Node.isPropertySignature(decl) || Node.isParameterDeclaration(decl) || Node.isVariableDeclaration(decl)) ? decl.getTypeNode() : undefined;
  if (!tn || Node.isUnionTypeNode(tn)) return undefined;
  const t = cTypeOf(tn, ctx);
  return ["int", "enum", "double", "bool", "bytes"].includes(base(t).k) ? t : undefined;
}


function checkKey(key: string, at: Node, ctx: LowerContext): void {
  if (key.length > ROM_KEY_MAX) ctx.error(at, "BindingKeyLength", key, String(key.length));
}

/**
 * Reads a module's interface. A declaration with an error is reported and
 * left out (the others are still read), so one run reports every error.
 */
export function buildModel(entry: SourceFile, ctx: LowerContext): ModuleModel {
  const comment = leadingComment(entry);
  const name = comment.match(moduleTag)![1]!;
  const mod = sanitizeIdentifier(name);
  const classDecls = entry.getClasses().filter((c) => tagOf(c, "userdata") !== undefined);
  const structs = new Map(classDecls.map((c) => [c.getName()!, structType(c.getName()!, c, false, ctx)] as const));
  const metaNames = new Map(classDecls.map((c) => [c.getName()!, tagOf(c, "userdata") || `${name}.${c.getName()!.toLowerCase()}`] as const));
  /** the metatable name of a userdata class's type (its struct or a pointer to it), undefined for any other type */
  const metaOf = (t: CType): string | undefined => {
    const b = base(t);
    const st = b.k === "ptr" ? base(b.to) : b;
    return st.k === "struct" && structs.has(st.name) ? metaNames.get(st.name) : undefined;
  };
  const isUserdata = (t: CType): boolean => metaOf(t) !== undefined;
  const fn = (node: FunctionModel["node"], luaName: string, cname: string, kind: FunctionModel["kind"], params: ParameterDeclaration[], ret: ReturnModel): FunctionModel =>
    ({ luaName, cname, doc: docOf(node), kind, firstIndex: kind === "method" || kind === "gc" ? 2 : 1, params: params.map((p) => paramModel(p, metaOf, tagOf(node, "positional") !== undefined, ctx)), returns: ret, node });

  const model: ModuleModel = {
    name,
    kconfig: comment.match(/@kconfig\s+(\w+)/)?.[1] ?? name.toUpperCase(),
    doc: comment.replace(/^\/\*\*|\*\/$/g, "").split("\n").map((l) => l.replace(/^\s*\* ?/, "")).filter((l) => !/^@/.test(l.trim())).join("\n").trim(),
    functions: [], constants: [], classes: [], tasks: [],
  };

  for (const c of classDecls) {
    const cls = c.getName()!;
    const method = (m: string) => `${mod}_${sanitizeIdentifier(cls)}_${sanitizeIdentifier(m)}`;
    const struct = structs.get(cls)!;
    const fields: FieldModel[] = struct.k === "struct" ? [...struct.fields()].map(([fname, t]) => {
      const b = base(t);
      const ref = b.k === "lua" ? "ref" : b.k === "array" && base(b.of).k === "lua" ? "refArray" : "none";
      const decl = c.getProperty(fname);
      if (holdsList(t)) guarded(() => refuseKeptList(ctx, t, decl ?? c, `field '${fname}' of ${cls}`));
      const init = decl?.getInitializer();
      return {
        name: fname, doc: decl ? docOf(decl) : "", type: t, ref,
        ...(b.k === "array" ? { length: b.length } : {}),
        ...(init && init.getKind() !== SyntaxKind.NullKeyword ? { init } : {}),
      };
    }) : [];
    const ctorDecl = c.getConstructors()[0];
    checkKey(cls, c.getNameNode() ?? c, ctx);
    const ctor = guarded(() => fn(ctorDecl ?? c, cls, method("new"), "constructor", ctorDecl?.getParameters() ?? [], { values: [], tuple: false }));
    const methods: FunctionModel[] = [];
    const cMethods: ClassModel["cMethods"] = [];
    for (const m of c.getMethods()) {
      const short = m.getName().replace(/^__/, "");
      if (isCOnly(m)) {
        cMethods.push({ name: m.getName(), cname: method(short), doc: docOf(m), node: m });
        continue;
      }
      checkKey(m.getName(), m.getNameNode(), ctx);
      const f = guarded(() => fn(m, m.getName(), method(short), m.getName() === "__gc" ? "gc" : "method", m.getParameters(), returnModel(m, { isUserdata, metaOf }, ctx)));
      if (f) methods.push(f);
    }
    if (ctor) model.classes.push({ name: cls, metaName: metaNames.get(cls)!, doc: docOf(c), struct, fields, ctor, methods, cMethods, node: c });
  }

  for (const f of entry.getFunctions()) {
    if (tagOf(f, "luaTask") !== undefined) {
      const t = guarded(() => taskModel(f, ctx));
      if (t) model.tasks.push(t);
      continue;
    }
    if (!f.isExported() || !f.hasBody()) continue;
    checkKey(f.getName()!, f.getNameNode() ?? f, ctx);
    const m = guarded(() => fn(f, f.getName()!, `${mod}_${sanitizeIdentifier(f.getName()!)}`, "function", f.getParameters(), returnModel(f, { isUserdata, metaOf }, ctx)));
    if (m) model.functions.push(m);
  }

  // constants come from exported const enums tagged `@luaPrefix P_`: member M is the key P_M
  for (const en of entry.getEnums()) {
    const prefix = tagOf(en, "luaPrefix");
    if (prefix === undefined || !en.isExported()) continue;
    for (const m of en.getMembers()) {
      model.constants.push({ key: prefix + m.getName(), cname: `${en.getName()}_${m.getName()}`, value: Number(m.getValue()), doc: docOf(m) });
    }
  }
  return model;
}

/**
 * A @luaTask function: each parameter is copied across threads, so only
 * numbers, bools, byte strings, interfaces and lists (T[]) of those can be
 * (an interface or list is copied deeply: luatask.ts).
 */
function taskModel(f: FunctionDeclaration, ctx: LowerContext): TaskModel {
  const tag = f.getJsDocs().flatMap((d) => d.getTags()).find((t) => t.getTagName() === "luaTask")?.getCommentText() ?? "";
  const wait = /wait=(\d+|forever)\b/.exec(tag);
  const waitMs = !wait ? 0 : wait[1] === "forever" ? -1 : Number(wait[1]);
  const prio = (/prio=(low|medium|high)\b/.exec(tag)?.[1] ?? "medium") as TaskModel["prio"];
  const abandon = /abandon=(\w+)/.exec(tag)?.[1];
  const name = sanitizeIdentifier(f.getName()!);
  if (abandon !== undefined) {
    const fn = f.getSourceFile().getFunction(abandon);
    if (waitMs !== -1) ctx.fail(f, "BindingLuaTask", name, "abandon= needs wait=forever (a bounded wait gives up by itself)");
    else if (!fn) ctx.fail(f, "BindingLuaTask", name, `abandon=${abandon} names no function of this file`);
    else if (fn.getParameters().length > f.getParameters().length) ctx.fail(f, "BindingLuaTask", name, `abandon=${abandon} takes more parameters than the task`);
  }
  const params = f.getParameters().map((p) => {
    const t = cTypeOf(p.getTypeNodeOrThrow(), ctx);
    if (!valueKindOf(t, false)?.value.crossesTasks.includes(base(t).k)) {
      ctx.fail(p, "BindingLuaTask", name, `parameter '${p.getName()}' must be a number, bool, Bytes, an interface or a list (T[]) of those (it is copied across threads)`);
    }
    const st = base(t);
    if (st.k === "struct" && Node.isClassDeclaration(st.decl)) ctx.fail(p, "BindingLuaTask", name, `parameter '${p.getName()}' is an object of the module (a userdata), which Lua may collect before the task runs: pass a number that finds it`);
    // an interface or list is copied with everything it holds: a pointer would point into memory that may be gone
    const problem = base(t).k === "struct" || base(t).k === "list" ? tableProblem(t, p.getName()) : undefined;
    if (problem) ctx.fail(p, "BindingLuaTask", name, `parameter '${p.getName()}' is copied across threads and handed to Lua as a table: ${problem}`);
    return { name: sanitizeIdentifier(p.getName()), t };
  });
  return { name, doc: docOf(f), params, waitMs, ...(abandon !== undefined ? { abandon } : {}), prio, node: f };
}
