import { helperNames } from "../bind/helpers.ts";

/**
 * Identifier sanitising: TypeScript names that collide with C keywords,
 * reserved identifiers or names the Lua/IDF headers define get a suffix.
 */
const cKeywords = new Set([
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
  "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
  "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
  "volatile", "while", "_Bool", "_Complex", "_Imaginary", "_Static_assert", "_Generic", "_Alignas",
  "_Alignof", "_Atomic", "_Noreturn", "_Thread_local", "bool", "true", "false", "NULL",
  // names the headers we include define as macros or functions
  "assert", "errno", "stdin", "stdout", "stderr", "L",
]);

/**
 * A struct field's C name, in its declaration and in every use (the printer
 * applies it to `.f`, `->f`, designated initializers and struct members):
 * a keyword or a macro the headers define gets a `_` suffix. Fields live in
 * their struct's own namespace, so `L` and reserved prefixes stay as they are
 * (a header's struct may have such fields).
 */
export function fieldName(name: string): string {
  return name !== "L" && cKeywords.has(name) ? name + "_" : name;
}

/**
 * NodeMCU's C style is lower_snake_case: `stopClient` is `stop_client`,
 * `parseURL2` is `parse_url2`. A name without lower-case letters (a constant
 * such as `MAX_MESSAGE`, or `L`) keeps its spelling.
 */
export function snakeCase(name: string): string {
  if (!/[a-z]/.test(name)) return name;
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/** The C name of a field of one of the program's own structs (external structs keep the header's names). */
export function ownFieldName(name: string): string {
  return snakeCase(name);
}

export function sanitizeIdentifier(name: string): string {
  let out = snakeCase(name).replace(/[^A-Za-z0-9_]/g, "_");
  if (/^[0-9]/.test(out)) out = "_" + out;
  // a leading underscore followed by a capital is reserved for the implementation
  if (/^_[A-Z]/.test(out) || out.startsWith("__")) out = "u" + out;
  if (cKeywords.has(out) || (helpers ??= new Set(helperNames())).has(out) || TABLE_HELPER.test(out)) out = out + "_";
  return out;
}

/** The names of the helpers that push tables, one per shape (bind/kinds/tables.ts): push_table_point, push_seq_int. */
const TABLE_HELPER = /^push_(table|seq)_/;

/** The C helpers tsc2c may emit at file scope (check_int, parse_args...): a user name spelled so would hide one. */
let helpers: Set<string> | undefined;

