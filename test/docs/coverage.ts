// What the generated stubs and reference page must hold for each element of a
// module's interface model, checked independently of the generator: the Lua
// types are spelled here from the model's own data, not through the generator's
// functions, so a generator that drops or mistypes something fails.
import type { ClosureModel, FunctionModel, ModuleModel, ParamModel } from "../../compiler/bind/model.ts";
import type { CType } from "../../compiler/lower/ctypes.ts";

const luaName: Record<string, string[]> = {
  string: ["string"], int: ["integer"], number: ["number"], flag: ["boolean", "integer"], function: ["function"], table: ["table"], value: ["any"],
};

/** The LuaLS type of a parameter: its accepted kinds, a table shape by its interface's name, `|nil` when required but nil-able. */
export function expectedType(p: ParamModel, model: ModuleModel): string {
  const names = p.kinds.flatMap((k) => (k.k === "struct" ? [`${model.name}.${k.t.name}`]
    : k.k === "userdata" ? [`${model.name}.${model.classes.find((c) => c.metaName === k.meta)?.name}`] : luaName[k.k]!));
  const unique = [...new Set(names)];
  if (p.nullable && !p.optional) unique.push("nil");
  return unique.join("|");
}

export interface Entry {
  /** "mqtt.Client", "mqtt.client:connect" (page heading) */
  title: string;
  /** "mqtt.Client", "Client:connect" (stub declaration) */
  declared: string;
  params: ParamModel[];
  /** the LuaLS type of each returned value (nil-able ones end in |nil) */
  returns?: string[];
}

/** A returned table's LuaLS type: an interface by its name, a FixedArray as `T[]`. */
function tableType(t: CType, model: ModuleModel): string {
  const b = t.k === "extern" ? t.base : t;
  if (b.k === "struct") return `${model.name}.${b.name}`;
  if (b.k === "array" || b.k === "list") return `${tableType(b.of, model)}[]`;
  return { bytes: "string", cstring: "string", int: "integer", enum: "integer", double: "number", bool: "boolean" }[b.k as string] ?? "?";
}

/** Every interface a function returns as a table, nested ones included. */
function returnedStructs(model: ModuleModel): Extract<CType, { k: "struct" }>[] {
  const out: Extract<CType, { k: "struct" }>[] = [];
  const visit = (t: CType): void => {
    const b = t.k === "extern" ? t.base : t;
    if (b.k === "array" || b.k === "list") visit(b.of);
    if (b.k !== "struct" || out.some((s) => s.name === b.name)) return;
    out.push(b);
    for (const ft of b.fields().values()) visit(ft);
  };
  const fns = [...model.functions, ...model.classes.flatMap((c) => c.methods)];
  for (const f of fns) for (const v of f.returns.values) if (v.lua === "table" && v.t.k !== "lua") visit(v.t);
  return out;
}

/** What a function returns as the stubs should say it: a userdata by its class, `T | null` as `T|nil`, a closure by its signature, a rest of values `T ...`. */
function luaReturns(f: Pick<FunctionModel, "returns">, model: ModuleModel): string[] {
  const one = (v: FunctionModel["returns"]["values"][number]): string => {
    const t = v.t.k === "ptr" ? v.t.to : v.t;
    const cls = model.classes.find((c) => c.struct.k === "struct" && t.k === "struct" && c.struct.name === t.name);
    const name = v.lua === "table" && v.t.k !== "lua" ? tableType(v.t, model) : v.lua === "function" ? closureType(v.closures ?? [], model)
      : v.lua !== "userdata" ? v.lua : `${model.name}.${cls?.name ?? "?"}`;
    return v.nullable ? (name.startsWith("fun(") ? `(${name})|nil` : `${name}|nil`) : name;
  };
  const out = f.returns.values.map(one);
  // a rest of values: LuaLS's `T ...`, every kind it may hold
  const rest = f.returns.rest;
  if (rest) out.splice(rest.at, 0, `${[...new Set(rest.kinds.map(one))].join("|")} ...`);
  return out;
}

/** A returned LuaFunction: `fun(a: integer, b?: string): boolean` when its arrow functions share one signature, else `function`. */
function closureType(closures: ClosureModel[], model: ModuleModel): string {
  const spelled = closures.map((c) => {
    const rets = luaReturns(c, model);
    return `fun(${c.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${expectedType(p, model)}`).join(", ")})${rets.length ? `: ${rets.join(", ")}` : ""}`;
  });
  return spelled.length > 0 && spelled.every((x) => x === spelled[0]) ? spelled[0]! : "function";
}

/** Every Lua-facing function and method of the model (`__gc` is not called by scripts). */
export function entries(model: ModuleModel): Entry[] {
  const out: Entry[] = model.functions.map((f) => ({
    title: `${model.name}.${f.luaName}`, declared: `${model.name}.${f.luaName}`, params: f.params,
    ...(f.returns.values.length || f.returns.rest ? { returns: luaReturns(f, model) } : {}),
  }));
  for (const c of model.classes) {
    out.push({ title: `${model.name}.${c.name}`, declared: `${model.name}.${c.name}`, params: c.ctor.params, returns: [`${model.name}.${c.name}`] });
    for (const m of c.methods.filter((x) => x.luaName !== "__gc")) {
      out.push({ title: `${model.name}.${c.name.toLowerCase()}:${m.luaName}`, declared: `${c.name}:${m.luaName}`, params: m.params,
        ...(m.returns.values.length || m.returns.rest ? { returns: luaReturns(m, model) } : {}) });
    }
  }
  return out;
}

/** The --- block right above `function <declared>(<params>) end`, or undefined. */
function stubBlock(stub: string, e: Entry): string | undefined {
  const lines = stub.split("\n");
  const i = lines.indexOf(`function ${e.declared}(${e.params.map((p) => (p.rest ? "..." : p.name)).join(", ")}) end`);
  if (i < 0) return undefined;
  let j = i;
  while (j > 0 && lines[j - 1]!.startsWith("---")) j--;
  return lines.slice(j, i).join("\n");
}

/** The page's section of a function: from its heading to the next `## `. */
function pageSection(page: string, title: string): string | undefined {
  const start = page.indexOf(`\n## ${title}()\n`);
  if (start < 0) return undefined;
  const end = page.indexOf("\n## ", start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What the stubs or the page lack, one line per missing element ([] when complete).
 * aliasOf names the LuaLS alias a parameter has in the stub (event names); the page gives its plain type.
 */
export function missing(model: ModuleModel, stub: string, page: string, aliasOf: (e: Entry, p: ParamModel) => string | undefined): string[] {
  const gaps: string[] = [];
  if (!stub.startsWith(`---@meta ${model.name}\n`)) gaps.push("stub: no ---@meta line");
  if (!new RegExp(`^---@class ${model.name}lib\\n${model.name} = \\{\\}$`, "m").test(stub)) gaps.push("stub: module table");
  for (const c of model.classes) if (!stub.includes(`---@class ${model.name}.${c.name}\nlocal ${c.name} = {}`)) gaps.push(`stub: class ${c.name}`);
  for (const e of entries(model)) {
    const block = stubBlock(stub, e);
    const section = pageSection(page, e.title);
    if (block === undefined) gaps.push(`stub: ${e.declared}`);
    if (section === undefined) gaps.push(`page: ${e.title}`);
    for (const sub of ["#### Syntax", "#### Parameters", "#### Returns", "#### Example"]) if (section !== undefined && !section.includes(`\n${sub}\n`)) gaps.push(`page: ${e.title} ${sub}`);
    for (const p of e.params) {
      const type = expectedType(p, model);
      const stubType = aliasOf(e, p) ?? type;
      // varargs are LuaLS's `...`, the page's `...` taking any number
      const name = p.rest ? "\\.\\.\\." : `${escape(p.name)}${p.optional ? "\\?" : ""}`;
      if (block !== undefined && !new RegExp(`^---@param ${name} ${escape(stubType)}( |$)`, "m").test(block)) gaps.push(`stub: ${e.declared} ${p.name} ${stubType}`);
      const listed = p.rest ? `\n- \`...\` (\`${type}\`, any number` : `\n- \`${p.name}\` (\`${type}\`${p.optional ? ", optional" : ""}`;
      if (section !== undefined && !section.includes(listed)) gaps.push(`page: ${e.title} ${p.name} ${type}`);
    }
    if (e.returns) {
      const stubLines = block?.split("\n").filter((l) => l.startsWith("---@return ")) ?? [];
      e.returns.forEach((r, i) => {
        if (block !== undefined && !new RegExp(`^---@return ${escape(r)}( |$)`).test(stubLines[i] ?? "")) gaps.push(`stub: ${e.declared} returns ${r}`);
      });
      const listed = e.returns.map((r) => `\`${r}\``).join(", ");
      if (section !== undefined && !section.includes(`#### Returns\n\n${listed}`)) gaps.push(`page: ${e.title} returns ${listed}`);
    } else if (section !== undefined && !section.includes("#### Returns\n\nnothing")) gaps.push(`page: ${e.title} returns nothing`);
  }
  // each returned table's class, with every field typed (optional `?` when a parameter takes it too)
  for (const st of returnedStructs(model)) {
    const block = stub.split("\n\n").find((b) => b.split("\n").includes(`---@class ${model.name}.${st.name}`));
    if (block === undefined) gaps.push(`stub: class ${model.name}.${st.name}`);
    for (const [f, ft] of st.fields()) {
      if (block !== undefined && !new RegExp(`^---@field ${escape(f)}\\?? ${escape(tableType(ft, model))}$`, "m").test(block)) gaps.push(`stub: ${st.name}.${f} ${tableType(ft, model)}`);
    }
  }
  for (const c of model.constants) {
    if (!stub.includes(`\n${model.name}.${c.key} = ${c.value}\n`)) gaps.push(`stub: ${c.key}`);
    if (!page.includes(`\n| \`${model.name}.${c.key}\` | ${c.value} |`)) gaps.push(`page: ${c.key}`);
  }
  return gaps;
}
