import { Node } from "ts-morph";
import type { ClassModel, FunctionModel, ModuleModel, ParamModel, ReturnValue } from "../bind/model.ts";
import { base, type CType } from "../lower/ctypes.ts";
import { kindOf } from "../bind/kinds/index.ts";

/**
 * What the stubs and the reference page say about one Lua function, read from
 * the model and from the JSDoc tags of its declaration (docs/modules.md,
 * "Editor stubs and reference pages"): `@param name text`, `@returns text`,
 * `@example path/to/file.lua` (relative to the source file) and, on a function
 * taking an event name, `@event name text`.
 */
export interface FunctionDoc {
  fn: FunctionModel;
  /** "mqtt.Client" for a constructor or module function, "client:connect" for a method */
  title: string;
  /** the Lua call as a user writes it: "mqtt.Client", "client:connect" */
  callee: string;
  /** the owner's LuaLS class for methods ("mqtt.Client"), else undefined */
  selfType?: string;
  description: string;
  params: Map<string, string>;
  returns: string;
  examples: string[];
  events: { name: string; text: string }[];
}

/** The JSDoc tags of a declaration, in order (several JSDoc blocks are read as one). */
function tags(node: Node): { name: string; param?: string; text: string }[] {
  if (!Node.isJSDocable(node)) return [];
  return node.getJsDocs().flatMap((d) => d.getTags()).map((t) => ({
    name: t.getTagName(),
    ...(Node.isJSDocParameterTag(t) ? { param: t.getName() } : {}),
    text: (t.getCommentText() ?? "").replace(/\s+/g, " ").trim(),
  }));
}

/** The text of a comment's description, its lines joined back into paragraphs. */
function description(node: Node): string {
  if (!Node.isJSDocable(node)) return "";
  return node.getJsDocs().map((d) => (d.getDescription() ?? "").trim()).filter(Boolean).join("\n\n");
}

function functionDoc(fn: FunctionModel, model: ModuleModel, cls?: ClassModel): FunctionDoc {
  const ctorOf = fn.kind === "constructor" ? cls : undefined;
  const all = tags(fn.node);
  const own = fn.kind === "constructor" && fn.node === cls?.node ? [] : all;
  const owner = cls ? `${model.name}.${cls.name}` : undefined;
  return {
    fn,
    title: cls && !ctorOf ? `${model.name}.${cls.name.toLowerCase()}:${fn.luaName}` : `${model.name}.${fn.luaName}`,
    callee: cls && !ctorOf ? `${cls.name.toLowerCase()}:${fn.luaName}` : `${model.name}.${fn.luaName}`,
    ...(owner && !ctorOf ? { selfType: owner } : {}),
    description: (fn.kind === "constructor" && fn.node !== cls?.node ? description(fn.node) : "") || (ctorOf ? ctorOf.doc : fn.doc),
    params: new Map(own.filter((t) => t.param !== undefined).map((t) => [t.param!, t.text])),
    returns: own.find((t) => t.name === "returns" || t.name === "return")?.text ?? "",
    examples: own.filter((t) => t.name === "example").map((t) => t.text).filter(Boolean),
    events: own.filter((t) => t.name === "event").map((t) => {
      const [name = "", ...rest] = t.text.split(" ");
      return { name: name.replace(/^"|"$/g, ""), text: rest.join(" ") };
    }),
  };
}

/** Every Lua-facing function of the module, in the order the page lists them (`__gc` is not called by scripts). */
export function functionDocs(model: ModuleModel): FunctionDoc[] {
  return [
    ...model.functions.map((f) => functionDoc(f, model)),
    ...model.classes.flatMap((c) => [functionDoc(c.ctor, model, c), ...c.methods.filter((m) => m.kind === "method").map((m) => functionDoc(m, model, c))]),
  ];
}

/** The LuaLS alias naming a function's events ("mqtt.ClientEvent"), given to its first string-only parameter. */
export function eventAlias(d: FunctionDoc, model: ModuleModel): { alias: string; param: string } | undefined {
  if (!d.events.length) return undefined;
  const p = d.fn.params.find((q) => q.kinds.every((k) => k.k === "string"));
  if (!p) return undefined;
  const owner = d.selfType ? d.selfType.slice(model.name.length + 1) : "";
  return { alias: `${model.name}.${owner}Event`, param: p.name };
}

/** The LuaLS class a table-shaped parameter is read as ("mqtt.TlsOptions"), if it has one. */
export function tableClass(p: ParamModel, model: ModuleModel): string | undefined {
  const struct = p.kinds.find((k) => k.k === "struct");
  return struct?.k === "struct" ? `${model.name}.${base(struct.t).k === "struct" ? struct.t.name : "table"}` : undefined;
}

/**
 * A parameter's accepted Lua values as a LuaLS type. Flags take a boolean or a
 * number (NodeMCU's 0/1); strings are strings (a number is converted, as Lua's
 * own string functions do); an optional parameter's `?` is added by the caller.
 */
export function luaTypeOf(p: ParamModel, model: ModuleModel, alias?: string): string {
  const names = alias ? [alias] : p.kinds.flatMap((k) => {
    if (k.k === "struct") return [tableClass(p, model)!];
    if (k.k === "userdata") return [`${model.name}.${model.classes.find((c) => c.metaName === k.meta)?.name ?? "userdata"}`];
    return kindOf(k).luaLS.split("|");
  });
  const unique = [...new Set(names)];
  if (p.nullable && !p.optional) unique.push("nil");
  return unique.join("|");
}

/** The LuaLS type of each returned value, in order ([] for none): a userdata is its class, a table its interface's class or `T[]`, `T | null` is `T|nil`, a rest of values `T ...`. */
export function returnTypesOf(d: FunctionDoc, model: ModuleModel): string[] {
  if (d.fn.kind === "constructor") return [d.title];
  const out = valueTypesOf(d.fn.returns.values, model);
  // a rest of values, in its place: LuaLS's `T ...` (any number of T)
  const rest = d.fn.returns.rest;
  if (rest) out.splice(rest.at, 0, `${[...new Set(valueTypesOf(rest.kinds, model))].join("|")} ${REST_OF_VALUES}`);
  return out;
}

/** How a returned type says "any number of these": `---@return integer ...`. */
export const REST_OF_VALUES = "...";

/** The LuaLS type of each of a list of returned values. */
function valueTypesOf(values: readonly ReturnValue[], model: ModuleModel): string[] {
  return values.map((v) => {
    const b = base(v.t);
    const st = b.k === "ptr" ? base(b.to) : b;
    const name = v.lua === "userdata" && st.k === "struct" ? `${model.name}.${st.name}` : v.lua === "table" && b.k !== "lua" ? tableTypeOf(v.t, model) : v.lua === "function" ? functionTypeOf(v, model) : v.lua;
    // `fun(): integer|nil` would read as a function returning integer|nil
    return v.nullable ? `${name.startsWith("fun(") ? `(${name})` : name}|nil` : name;
  });
}

/**
 * A returned LuaFunction's LuaLS type: the signature of the arrow functions
 * returned as closures, `fun(n: integer, bonus?: integer): integer, string`,
 * when they all have one; else `function`.
 */
function functionTypeOf(v: ReturnValue, model: ModuleModel): string {
  const signatures = new Set((v.closures ?? []).map((c) => {
    const params = c.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${luaTypeOf(p, model)}`).join(", ");
    const rets = valueTypesOf(c.returns.values, model).join(", ");
    return `fun(${params})${rets ? `: ${rets}` : ""}`;
  }));
  return signatures.size === 1 ? [...signatures][0]! : "function";
}

/** The LuaLS type of a value in a returned table: an interface is its class (`mod.Point`), a FixedArray `T[]`. */
export function tableTypeOf(t: CType, model: ModuleModel): string {
  const b = base(t);
  switch (b.k) {
    case "struct": return `${model.name}.${b.name}`;
    case "array": case "list": return `${tableTypeOf(b.of, model)}[]`;
    case "bytes": case "cstring": return "string";
    case "int": case "enum": return "integer";
    case "double": return "number";
    case "bool": return "boolean";
    default: return "any";
  }
}

/** The interfaces the module's functions return as tables (nested ones too), by LuaLS class name, with their fields' LuaLS types. */
export function returnedTables(model: ModuleModel, fns: FunctionModel[] = functionDocs(model).map((d) => d.fn)): Map<string, { name: string; luaLS: string }[]> {
  const out = new Map<string, { name: string; luaLS: string }[]>();
  const visit = (t: CType): void => {
    const b = base(t);
    if (b.k === "array" || b.k === "list") return visit(b.of);
    if (b.k !== "struct" || out.has(`${model.name}.${b.name}`)) return;
    out.set(`${model.name}.${b.name}`, [...b.fields()].map(([name, ft]) => ({ name, luaLS: tableTypeOf(ft, model) })));
    for (const ft of b.fields().values()) visit(ft);
  };
  for (const f of fns) for (const v of f.returns.values) if (v.lua === "table" && base(v.t).k !== "lua") visit(v.t);
  return out;
}
