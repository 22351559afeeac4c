/**
 * Random binding modules for the fuzzer: module functions and a userdata class
 * with fields of every kind (integers, number, bool, a struct, a fixed array, a
 * LuaRef), parameters of every shape (required, optional with a default,
 * unions, table-shaped, functions, any Lua value, varargs), every return kind
 * (integer, number, boolean, string, nothing, an integer or nil, two results,
 * the userdata itself, the same Lua value), and parameter and local names that look like the
 * C names the binding writes for itself (arg, type, result, self, self_index,
 * i, pushed, x_int...).
 *
 * The Lua driver calls each function with right arguments (the result must be
 * what the generator computed) and with a wrong one (a Lua error in Lua's
 * standard wording, `bad argument #n to 'f' (T expected, got U)`), and a
 * method on something that is not its userdata. It prints "ok <check>" per
 * check, then "done"; under ASan+UBSan no report may appear.
 */
import type { Random } from "./random.ts";

/** Names the binding uses for its own C locals and helpers: user names that collide must still work. */
const NAMES = ["arg", "type", "result", "self", "self_index", "i", "pushed", "n", "v", "s", "fn", "top", "len", "x_int", "x_type", "check_int", "parse_args", "L_"];

type Kind = "int" | "uint8" | "int16" | "number" | "bool" | "string" | "table" | "function" | "union" | "value";
interface Param { name: string; kind: Kind; optional: boolean; def?: number }
type Ret = "int" | "number" | "bool" | "string" | "void" | "maybe" | "pair" | "self" | "value";
/** `rest`: the function ends with `...<rest>: LuaValue[]`, whose numbers, strings and booleans it adds up too */
interface Func { name: string; params: Param[]; ret: Ret; method: boolean; rest?: string }

/** A Lua value of a kind, and what the TS body counts it as (its contribution to the sum). */
function luaValue(r: Random, k: Kind): { lua: string; value: number; str?: string } {
  switch (k) {
    case "int": { const v = r.int(-1000, 1000); return { lua: String(v), value: v }; }
    case "uint8": { const v = r.int(0, 255); return { lua: String(v), value: v }; }
    case "int16": { const v = r.int(-3000, 3000); return { lua: String(v), value: v }; }
    case "number": { const v = r.int(-40, 40) / 4; return { lua: String(v), value: v }; }
    case "bool": { const v = r.chance(0.5); return { lua: String(v), value: v ? 1 : 0 }; }
    case "string": { const s = r.pick(["", "a", "hello", "a\\0b", "xyz123"]); return { lua: `"${s}"`, value: s.replace("\\0", "\0").length, str: s }; }
    case "table": { const a = r.int(-50, 50); return { lua: `{ a = ${a}, s = "tt" }`, value: a + 2 }; }
    case "function": return { lua: "function() end", value: 1 };
    case "union": return r.chance(0.5) ? luaValue(r, "int") : { ...luaValue(r, "string") };
    // any value: an integer, a string (its length), a boolean (1 or 0), nil or a table (0)
    case "value": return r.pick([() => luaValue(r, "int"), () => luaValue(r, "string"), () => luaValue(r, "bool"), () => ({ lua: "nil", value: 0 }), () => ({ lua: "{}", value: 0 })])();
  }
}

/** A Lua value of another type than `k` takes (never one Lua would convert, such as a number for a string). */
function wrongValue(r: Random, k: Kind): { lua: string; got: string } {
  const all = [
    { lua: "{}", got: "table", bad: ["int", "uint8", "int16", "number", "bool", "string", "function", "union"] },
    { lua: "true", got: "boolean", bad: ["int", "uint8", "int16", "number", "string", "table", "function", "union"] },
    { lua: "print", got: "function", bad: ["int", "uint8", "int16", "number", "bool", "string", "table", "union"] },
    { lua: '"zz"', got: "string", bad: ["int", "uint8", "int16", "number", "bool", "table", "function"] },
  ].filter((w) => w.bad.includes(k));
  return r.pick(all);
}

const expected: Record<Kind, string> = {
  int: "number", uint8: "number", int16: "number", number: "number", bool: "boolean", string: "string", table: "table", function: "function", union: "number or string", value: "value",
};

const tsType: Record<Kind, string> = {
  int: "int", uint8: "uint8", int16: "int16", number: "number", bool: "bool", string: "LuaString", table: "Opts", function: "LuaFunction", union: "int | LuaString", value: "LuaValue",
};

/** The body's term for a parameter: its value as an int (a string its length, a table its fields, a function 1). */
function term(p: Param): string {
  switch (p.kind) {
    case "bool": return `(${p.name} ? 1 : 0)`;
    case "number": return `int(${p.name} * 4)`;
    case "string": return `int(${p.name}.length)`;
    case "table": return `(${p.name}.a + int(${p.name}.s.length))`;
    case "function": return `(${p.name} !== null ? 1 : 0)`;
    case "union": return `(isString(${p.name}) ? int(${p.name}.length) : ${p.name})`;
    case "value": return valueTerm(p.name);
    default: return p.name;
  }
}

/** A LuaValue's contribution: an integer itself, a string its length, a boolean 1 or 0, anything else 0. */
function valueTerm(v: string): string {
  return `(isNumber(${v}) ? int(${v}) : isString(${v}) ? int(${v}.length) : isBoolean(${v}) ? (${v} ? 1 : 0) : 0)`;
}

/** What a function returning the same Lua value returns: its first LuaValue parameter, else its first vararg, else its sum. */
function valueReturned(f: Func): string {
  const p = f.params.find((q) => q.kind === "value");
  return p ? p.name : f.rest ? `${f.rest}[0]` : "result_";
}

export function generateBinding(r: Random, module: string): { ts: string; lua: string } {
  const used = new Set<string>();
  const name = (): string => {
    let n = r.pick(NAMES);
    while (used.has(n)) n = `${r.pick(NAMES)}${used.size}`;
    used.add(n);
    return n;
  };
  const fns: Func[] = [];
  const nFns = r.int(1, 4);
  for (let f = 0; f < nFns; f++) {
    used.clear();
    const method = f > 0 && r.chance(0.5);
    const params: Param[] = [];
    let optional = false;
    for (let i = r.int(0, 4); i > 0; i--) {
      // from the first optional parameter on, every one is optional: kinds that can be
      const kind: Kind = r.pick<Kind>(optional ? ["int", "uint8", "int16", "number", "bool", "function"] : ["int", "uint8", "int16", "number", "bool", "string", "table", "function", "union", "value"]);
      optional ||= r.chance(0.3) && kind !== "table" && kind !== "union" && kind !== "string" && kind !== "value";
      const p: Param = { name: name(), kind, optional };
      if (optional && (kind === "int" || kind === "uint8" || kind === "int16")) p.def = r.int(0, 9);
      params.push(p);
    }
    const ret = r.pick<Ret>(["int", "number", "bool", "string", "void", "maybe", "pair", "self", "value"]);
    // varargs follow required parameters only
    const rest = !optional && r.chance(0.3) ? name() : undefined;
    // only a method has a userdata to return: a module function returns an integer instead
    fns.push({ name: `f${f}`, params, ret: ret === "self" && !method ? "int" : ret, method, ...(rest ? { rest } : {}) });
  }
  const cls = fns.some((f) => f.method);
  const ts: string[] = [`/** @luaModule ${module} */`, "", "interface Opts {", "  a: int;", "  s: LuaString;", "}", ""];
  const sig = (p: Param): string => {
    if (!p.optional) return `${p.name}: ${tsType[p.kind]}`;
    if (p.def !== undefined) return `${p.name}: ${tsType[p.kind]} = ${p.def}`;
    if (p.kind === "bool") return `${p.name}: bool = false`;
    if (p.kind === "number") return `${p.name}: number = 0`;
    if (p.kind === "function") return `${p.name}: LuaFunction | null = null`;
    return `${p.name}?: ${tsType[p.kind]}`;
  };
  const body = (f: Func): string[] => {
    const lines: string[] = [];
    // an optional string may be absent: its length is 0 then
    const terms = f.params.map((p) => (p.optional && p.kind === "string" ? `(${p.name} !== undefined ? int(${p.name}.length) : 0)` : term(p)));
    lines.push(`${f.rest ? "let" : "const"} result_: int = int32(${["0", ...terms].join(" + ")});`);
    if (f.rest) lines.push(`for (let vi_: int = 0; vi_ < ${f.rest}.length; vi_++) {`, `  const ve_ = ${f.rest}[vi_];`, `  result_ = int32(result_ + ${valueTerm("ve_")});`, "}");
    if (f.method) lines.push("this.count = int32(this.count + 1);");
    switch (f.ret) {
      case "int": lines.push(`return result_${f.method ? " + this.base" : ""};`); break;
      case "number": lines.push("return double(result_) / 4;"); break;
      case "bool": lines.push("return result_ > 0;"); break;
      case "string": lines.push('return result_ > 0 ? bytes("pos") : bytes("neg\\0");'); break;
      case "void": lines.push("if (result_ === 12345) luaError(\"unlucky\");"); break;
      case "maybe": lines.push(`return result_ > 0 ? result_${f.method ? " + this.base" : ""} : null;`); break;
      case "pair": lines.push("return [result_, result_ > 0];"); break;
      case "self": lines.push("return this;"); break;
      // the same Lua value: the first LuaValue parameter, else the first vararg, else the sum
      case "value":
        // the sum is computed all the same (and its unlucky value raises)
        if (valueReturned(f) !== "result_") lines.push("if (result_ === 12345) luaError(\"unlucky\");");
        lines.push(`return ${valueReturned(f)};`);
        break;
    }
    return lines;
  };
  const ret = (f: Func): string => ({ int: "int", number: "number", bool: "bool", string: "LuaString", void: "void", maybe: "int | null", pair: "[int, bool]", self: "Thing", value: "LuaValue" })[f.ret];
  const params = (f: Func): string => [...f.params.map(sig), ...(f.rest ? [`...${f.rest}: LuaValue[]`] : [])].join(", ");
  for (const f of fns.filter((x) => !x.method)) {
    ts.push(`export function ${f.name}(${params(f)}): ${ret(f)} {`, ...body(f).map((l) => `  ${l}`), "}", "");
  }
  const base = r.int(0, 50);
  if (cls) {
    ts.push(`/** @userdata ${module}.thing */`, "export class Thing {",
      `  base: int = ${base};`, "  count: int = 0;", "  small: uint8 = 7;", "  on: bool = true;", "  ratio: number = 0.5;",
      "  pos: Opts = { a: 3, s: bytes(\"\") };", "  hist: FixedArray<int16, 4> = fill(4, 2);", "  keep: LuaRef = null;", "",
      "  constructor(self_index: int, type: LuaString) {",
      "    this.base = int32(this.base + self_index + int(type.length) + this.pos.a + this.hist[3]! + this.small);",
      "    this.keep = type;", "  }", "");
    for (const f of fns.filter((x) => x.method)) ts.push(`  ${f.name}(${params(f)}): ${ret(f)} {`, ...body(f).map((l) => `    ${l}`), "  }", "");
    ts.push("  counted(): int {", "    return this.on && this.ratio > 0 ? this.count : -1;", "  }", "}", "");
  }

  // the Lua driver
  const lua: string[] = ["-- generated by test/fuzz/binding.ts", 'local function check(name, cond) print((cond and "ok " or "FAIL ") .. name) end',
    "local function badArg(err, n, want, got)",
    "  return type(err) == 'string' and err:find('bad argument #' .. n .. \" to '\", 1, true) ~= nil and err:find(\"' (\" .. want .. ' expected, got ' .. got .. ')', 1, true) ~= nil",
    "end", ""];
  const ctorSelf = r.int(0, 9);
  const ctorType = r.pick(["", "tt", "abcdef"]);
  const thingBase = base + ctorSelf + ctorType.length + 3 + 2 + 7;
  if (cls) {
    lua.push(`local obj = ${module}.Thing(${ctorSelf}, "${ctorType}")`);
    lua.push(`local ok, err = pcall(${module}.Thing, "x", "y")`, "check('constructor: bad argument', not ok and badArg(err, 1, 'number', 'string'))");
  }
  let calls = 0;
  for (const f of fns) {
    const callee = f.method ? `obj.${f.name}` : `${module}.${f.name}`;
    const selfArg = f.method ? ["obj"] : [];
    for (let rep = 0; rep < 3; rep++) {
      // right arguments; trailing optional ones sometimes left out
      const args: string[] = [];
      let sum = 0;
      let cut = f.params.length;
      if (r.chance(0.4)) cut = f.params.findIndex((p) => p.optional) >= 0 ? f.params.findIndex((p) => p.optional) : cut;
      // what a "value" return gives back: the first LuaValue argument, else the first vararg (nil if none)
      let returned: string | undefined;
      f.params.forEach((p, i) => {
        if (i >= cut) {
          sum += p.def ?? 0;
          return;
        }
        const v = luaValue(r, p.kind);
        args.push(v.lua);
        if (p.kind === "value" && returned === undefined) returned = v.lua;
        sum += p.kind === "number" ? Math.trunc(v.value * 4) : v.value;
      });
      if (f.rest) {
        for (let k = r.int(0, 3); k > 0; k--) {
          const v = luaValue(r, "value");
          args.push(v.lua);
          returned ??= v.lua;
          sum += v.value;
        }
        returned ??= "nil";
      }
      const call = `${callee}(${[...selfArg, ...args].join(", ")})`;
      const own = sum + (f.method ? thingBase : 0);
      const want = f.ret === "int" ? String(own) : f.ret === "number" ? String(sum / 4) : f.ret === "bool" ? String(sum > 0) : f.ret === "string" ? (sum > 0 ? '"pos"' : '"neg\\0"') : undefined;
      const test = f.ret === "maybe" ? `select("#", ${call}) == 1 and ${call} == ${sum > 0 ? String(own) : "nil"}`
        : f.ret === "pair" ? `select("#", ${call}) == 2 and select(1, ${call}) == ${sum} and select(2, ${call}) == ${sum > 0}`
        : f.ret === "self" ? `rawequal(${call}, obj)`
        : f.ret === "value" ? (returned === undefined ? `${call} == ${sum}` : returned === "{}" ? `type(${call}) == "table"` : `select("#", ${call}) == 1 and ${call} == ${returned}`)
        : want === undefined ? `select("#", ${call}) == 0` : `${call} == ${want}`;
      lua.push(`check("${f.name} right ${calls++}", ${test})`);
      if (f.method) lua.push(`check("${f.name} count ${calls}", obj:counted() >= 1)`);
    }
    // a wrong argument where its stack index is known: a required parameter before any optional one
    const fixed = f.params.findIndex((p) => p.optional);
    const prefix = fixed < 0 ? f.params.length : fixed;
    // any value fits a LuaValue parameter: the wrong one goes to another
    const wrongable = f.params.slice(0, prefix).map((p, i) => (p.kind === "value" ? -1 : i)).filter((i) => i >= 0);
    if (wrongable.length) {
      const k = r.pick(wrongable);
      const args = f.params.slice(0, prefix).map((p, i) => (i === k ? undefined : luaValue(r, p.kind).lua));
      const w = wrongValue(r, f.params[k]!.kind);
      args[k] = w.lua;
      const n = k + 1 + selfArg.length;
      lua.push(`ok, err = pcall(${callee}, ${[...selfArg, ...args].join(", ")})`);
      lua.push(`check("${f.name} wrong argument", not ok and badArg(err, ${n}, "${expected[f.params[k]!.kind]}", "${w.got}"))`);
    }
    if (f.method) {
      lua.push(`ok, err = pcall(${callee}, 42)`, `check("${f.name} on a number", not ok and type(err) == "string" and err:find("bad argument #1 to '", 1, true) ~= nil)`);
    }
    // a call with arguments missing: returns (all optional) or Lua's error
    lua.push(`ok, err = pcall(${callee}${selfArg.length ? ", obj" : ""})`, `check("${f.name} no arguments", ok or (type(err) == "string" and err:find("bad argument #", 1, true) ~= nil))`);
  }
  if (!calls) lua.push('check("nothing to call", true)');
  if (!lua.some((l) => l.startsWith("local ok"))) lua.splice(5, 0, "local ok, err");
  lua.push("collectgarbage()", 'print("done")', "");
  return { ts: ts.join("\n"), lua: lua.join("\n") };
}
