import type { Node } from "ts-morph";
import type { CTypeSpec } from "../cast/ast.ts";
import { named, ptr } from "../cast/ast.ts";

/**
 * tsc2c's own type model. TypeScript erases aliases of `number`, so the C
 * meaning of every value is computed here from declarations' type nodes.
 */
export type IntName = "int" | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32" | "size_t" | "char";

export type CType =
  | { k: "void" }
  | { k: "int"; name: IntName }
  | { k: "double" }
  | { k: "bool" }
  | { k: "cstring" }
  | { k: "bytes" }
  | { k: "null" }
  | { k: "ptr"; to: CType }
  | { k: "struct"; name: string; external: boolean; fields: () => Map<string, CType>; decl: Node } // decl: its interface, class or type literal
  | { k: "enum"; name: string }
  | { k: "array"; of: CType; length: number }
  | { k: "list"; of: CType } // `T[]`: a read-only view of elements (tsc2c_list: pointer, count), never kept in a variable
  | { k: "extern"; name: string; base: CType } // a typedef from a C header
  | { k: "fn"; ret: CType; params: CType[]; variadic: boolean }
  | { k: "lua"; what: LuaKind }; // binding-only types (see bind/)

export type LuaKind = "state" | "function" | "ref" | "table" | "value" | "string" | "buffer";

export const VOID: CType = { k: "void" };
export const DOUBLE: CType = { k: "double" };
export const BOOL: CType = { k: "bool" };
export const CSTRING: CType = { k: "cstring" };
export const BYTES: CType = { k: "bytes" };
export const NULLT: CType = { k: "null" };
export const intType = (name: IntName): CType => ({ k: "int", name });
export const INT: CType = intType("int");

interface IntInfo {
  c: string;
  min: bigint;
  max: bigint;
  header?: string;
}
/** size_t is 32 bits on the ESP32; ranges use the target's width. */
export const intInfo: Record<IntName, IntInfo> = {
  int: { c: "int", min: -(2n ** 31n), max: 2n ** 31n - 1n },
  int8: { c: "int8_t", min: -128n, max: 127n, header: "<stdint.h>" },
  int16: { c: "int16_t", min: -32768n, max: 32767n, header: "<stdint.h>" },
  int32: { c: "int32_t", min: -(2n ** 31n), max: 2n ** 31n - 1n, header: "<stdint.h>" },
  uint8: { c: "uint8_t", min: 0n, max: 255n, header: "<stdint.h>" },
  uint16: { c: "uint16_t", min: 0n, max: 65535n, header: "<stdint.h>" },
  uint32: { c: "uint32_t", min: 0n, max: 2n ** 32n - 1n, header: "<stdint.h>" },
  size_t: { c: "size_t", min: 0n, max: 2n ** 32n - 1n, header: "<stddef.h>" },
  // char's signedness differs between targets: only 0..127 is portable
  char: { c: "char", min: 0n, max: 127n },
};

export function isIntName(n: string): n is IntName {
  return n in intInfo;
}

/** Looks through typedefs from headers to the C meaning. */
export function base(t: CType): CType {
  return t.k === "extern" ? base(t.base) : t;
}

export const isNumeric = (t: CType): boolean => {
  const b = base(t);
  return b.k === "int" || b.k === "double" || b.k === "enum";
};
export const isInteger = (t: CType): boolean => {
  const b = base(t);
  return b.k === "int" || b.k === "enum";
};
export const isPointerLike = (t: CType): boolean => {
  const b = base(t);
  return b.k === "ptr" || b.k === "cstring" || b.k === "null" || b.k === "fn";
};
export const isUnsigned = (t: CType): boolean => {
  const b = base(t);
  return b.k === "int" && intInfo[b.name].min === 0n && b.name !== "char";
};

export function range(t: CType): [bigint, bigint] | null {
  const b = base(t);
  if (b.k === "int") return [intInfo[b.name].min, intInfo[b.name].max];
  if (b.k === "enum") return [-(2n ** 31n), 2n ** 31n - 1n];
  return null;
}

/** The C type of `a op b` for arithmetic: C's usual conversions, 32-bit target. */
export function arithmeticResult(a: CType, b: CType): CType {
  const x = base(a), y = base(b);
  if (x.k === "double" || y.k === "double") return DOUBLE;
  const names = [x, y].map((t) => (t.k === "int" ? t.name : "int"));
  if (names.includes("size_t")) return intType("size_t");
  if (names.includes("uint32")) return intType("uint32");
  return INT;
}

/**
 * The same C type, compared as C does: by structure, named types (structs,
 * enums, typedefs) by name; a function type by its return and parameter types.
 */
export function sameType(a: CType, b: CType): boolean {
  switch (a.k) {
    case "int": return b.k === "int" && a.name === b.name;
    case "ptr": return b.k === "ptr" && sameType(a.to, b.to);
    case "struct": case "enum": case "extern": return b.k === a.k && a.name === b.name;
    case "array": return b.k === "array" && a.length === b.length && sameType(a.of, b.of);
    case "list": return b.k === "list" && sameType(a.of, b.of);
    case "fn": return b.k === "fn" && sameType(a.ret, b.ret) && a.params.length === b.params.length && a.params.every((p, i) => sameType(p, b.params[i]!));
    case "lua": return b.k === "lua" && a.what === b.what;
    default: return a.k === b.k;
  }
}

/** The prelude's name of each binding type (lua.d.ts), as a diagnostic spells it. */
const luaTypeNames: Record<LuaKind, string> = {
  state: "LuaState", function: "LuaFunction", ref: "LuaRef", table: "LuaTable", value: "LuaValue", string: "LuaString", buffer: "LuaBuffer",
};

/** A human name for diagnostics. */
export function describe(t: CType): string {
  switch (t.k) {
    case "int": return t.name;
    case "ptr": return `Ptr<${describe(t.to)}>`;
    case "struct": case "enum": case "extern": return t.name;
    case "array": return `FixedArray<${describe(t.of)}, ${t.length}>`;
    case "list": return `${describe(t.of)}[]`;
    case "fn": return `(${t.params.map(describe).join(", ")}) => ${describe(t.ret)}`;
    case "lua": return luaTypeNames[t.what];
    default: return t.k;
  }
}

/**
 * Whether a value of type `t` holds a list (`T[]`), itself or in a field: a
 * list views memory it does not own, so no variable, field or plain C
 * function's result may keep one (it is read where it is made).
 */
export function holdsList(t: CType, seen: readonly string[] = []): boolean {
  const b = base(t);
  if (b.k === "list") return true;
  if (b.k === "array") return holdsList(b.of, seen);
  if (b.k === "struct" && !b.external && !seen.includes(b.name)) return [...b.fields().values()].some((f) => holdsList(f, [...seen, b.name]));
  return false;
}

/** A parameter's C type: structs are passed by pointer (TypeScript passes objects by reference). */
export function paramType(t: CType): CType {
  return base(t).k === "struct" ? { k: "ptr", to: t } : t;
}

/** The C spelling of a type, for declarations and casts. */
export function toSpec(t: CType): CTypeSpec {
  switch (t.k) {
    case "void": return named("void");
    case "int": return named(intInfo[t.name].c);
    case "double": return named("double");
    case "bool": return named("bool");
    case "cstring": return ptr(named("char", true));
    case "bytes": return named("tsc2c_bytes");
    case "null": return ptr(named("void"));
    case "ptr": return ptr(t.to.k === "void" ? named("void") : toSpec(t.to));
    case "struct": case "enum": case "extern": return named(t.name);
    case "array": return { kind: "array", of: toSpec(t.of), length: t.length };
    case "list": return named("tsc2c_list");
    case "fn": return ptr({ kind: "function", ret: toSpec(t.ret), params: t.params.map(toSpec), variadic: t.variadic });
    case "lua":
      switch (t.what) {
        case "state": return ptr(named("lua_State"));
        case "ref": return named("lua_ref_t");
        case "buffer": return named("luaL_Buffer");
        default: return named("int"); // a Lua stack index
      }
  }
}

/** Headers a type needs in C. */
export function headersOf(t: CType): string[] {
  const b = t;
  if (b.k === "int") return intInfo[b.name].header ? [intInfo[b.name].header!] : [];
  if (b.k === "bool") return ["<stdbool.h>"];
  if (b.k === "ptr" || b.k === "null") return ["<stddef.h>"];
  if (b.k === "array") return headersOf(b.of);
  if (b.k === "bytes" || b.k === "list") return ["<stddef.h>"];
  return [];
}
