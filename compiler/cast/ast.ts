/**
 * A small C AST: just what tsc2c emits. Nodes carry no precedence or
 * parentheses; the printer alone decides those.
 */

/** C types as the printer writes them (declarators included). */
export type CTypeSpec =
  | { kind: "name"; name: string; isConst?: boolean } // int32_t, Client, esp_err_t, struct tag...
  | { kind: "pointer"; to: CTypeSpec; isConst?: boolean }
  | { kind: "array"; of: CTypeSpec; length: number | null }
  | { kind: "function"; ret: CTypeSpec; params: CTypeSpec[]; variadic?: boolean };

export type CExpr =
  | { kind: "ident"; name: string }
  | { kind: "int"; text: string }
  | { kind: "float"; text: string }
  | { kind: "string"; bytes: number[] }
  | { kind: "char"; code: number }
  | { kind: "unary"; op: "-" | "+" | "!" | "~" | "*" | "&" | "++" | "--"; operand: CExpr }
  | { kind: "postfix"; op: "++" | "--"; operand: CExpr }
  | { kind: "binary"; op: CBinaryOp; left: CExpr; right: CExpr }
  | { kind: "assign"; op: "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>="; target: CExpr; value: CExpr }
  | { kind: "cond"; test: CExpr; then: CExpr; else: CExpr }
  | { kind: "call"; callee: CExpr; args: CExpr[] }
  | { kind: "member"; object: CExpr; name: string; arrow: boolean }
  | { kind: "index"; object: CExpr; index: CExpr }
  | { kind: "cast"; type: CTypeSpec; operand: CExpr }
  | { kind: "sizeof"; type: CTypeSpec }
  | { kind: "init"; fields: CInitField[] } // { .a = 1, .b = 2 } or { 1, 2 }
  | { kind: "compound"; type: CTypeSpec; init: CExpr } // (T){ ... }
  | { kind: "comma"; exprs: CExpr[] };

export interface CInitField {
  name?: string; // designated initialiser when present
  value: CExpr;
  /** a comment after the element (the initializer is then written one element per line) */
  comment?: string;
}

export type CBinaryOp =
  | "*" | "/" | "%" | "+" | "-" | "<<" | ">>"
  | "<" | "<=" | ">" | ">=" | "==" | "!="
  | "&" | "^" | "|" | "&&" | "||";

export type CStmt =
  | { kind: "expr"; expr: CExpr }
  | { kind: "decl"; type: CTypeSpec; name: string; init?: CExpr; isStatic?: boolean }
  | { kind: "block"; body: CStmt[] }
  | { kind: "if"; test: CExpr; then: CStmt[]; else?: CStmt[] }
  | { kind: "while"; test: CExpr; body: CStmt[] }
  | { kind: "do"; test: CExpr; body: CStmt[] }
  | { kind: "for"; init?: CStmt; test?: CExpr; update?: CExpr; body: CStmt[] }
  | { kind: "switch"; test: CExpr; cases: CSwitchCase[] }
  | { kind: "break" }
  | { kind: "continue" }
  | { kind: "return"; value?: CExpr }
  | { kind: "goto"; label: string } // only forward, to a function's one exit (see "label")
  | { kind: "label"; name: string } // the statement after it is where gotos land
  | { kind: "pp-if"; cond: string; then: CStmt[]; else?: CStmt[] } // #if cond ... #else ... #endif
  | { kind: "line"; line: number; file: string } // #line directive
  | { kind: "comment"; text: string };

export interface CSwitchCase {
  labels: (CExpr | "default")[];
  body: CStmt[];
}

export type CTopLevel =
  | { kind: "include"; header: string } // "<stdio.h>" or "\"module.h\""
  | { kind: "typedef-struct"; name: string; fields: CStructField[]; doc?: string; anonymous?: boolean } // anonymous: `typedef struct { ... } name;`, no tag
  | { kind: "define"; name: string; params?: string[]; body: CExpr; doc?: string } // #define name(params) body; the printer parenthesises the body and each use of a parameter
  | { kind: "typedef"; name: string; type: CTypeSpec }
  | { kind: "enum"; name: string; members: { name: string; value: string }[] }
  | { kind: "var"; type: CTypeSpec; name: string; init?: CExpr; isStatic: boolean; isConst?: boolean; doc?: string }
  | { kind: "prototype"; ret: CTypeSpec; name: string; params: CParam[]; isStatic: boolean }
  | { kind: "function"; ret: CTypeSpec; name: string; params: CParam[]; body: CStmt[]; isStatic: boolean; line?: { line: number; file: string }; guard?: string; doc?: string; cold?: boolean; noinline?: boolean; noPrototype?: boolean } // guard: emitted inside #if guard; doc: the source's doc comment; cold: an error path (@cold); noinline: never inlined; noPrototype: defined before every use (a helper)
  | { kind: "macro"; text: string } // one line invoking a macro (ROM table entries, NODEMCU_MODULE); the printer refuses anything else
  | { kind: "pp-if"; cond: string; then: CTopLevel[]; else?: CTopLevel[] }
  | { kind: "comment"; text: string }
  | { kind: "blank" };

export interface CStructField {
  type: CTypeSpec;
  name: string;
  /** a comment after the field */
  comment?: string;
}

export interface CParam {
  type: CTypeSpec;
  name: string;
}

export interface CFile {
  headerComment: string[];
  items: CTopLevel[];
}

// Small constructors keep the lowering readable.
export const id = (name: string): CExpr => ({ kind: "ident", name });
export const int = (n: number | string): CExpr => ({ kind: "int", text: String(n) });
export const call = (name: string, ...args: CExpr[]): CExpr => ({ kind: "call", callee: id(name), args });
export const bin = (op: CBinaryOp, left: CExpr, right: CExpr): CExpr => ({ kind: "binary", op, left, right });
export const member = (object: CExpr, name: string, arrow = false): CExpr => ({ kind: "member", object, name, arrow });
export const cast = (type: CTypeSpec, operand: CExpr): CExpr => ({ kind: "cast", type, operand });
export const named = (name: string, isConst = false): CTypeSpec => ({ kind: "name", name, isConst });
export const ptr = (to: CTypeSpec, isConst = false): CTypeSpec => ({ kind: "pointer", to, isConst });
export const exprStmt = (expr: CExpr): CStmt => ({ kind: "expr", expr });
export const str = (text: string): CExpr => ({ kind: "string", bytes: [...Buffer.from(text)] });
export const not = (operand: CExpr): CExpr => ({ kind: "unary", op: "!", operand });
export const assign = (target: CExpr, value: CExpr): CExpr => ({ kind: "assign", op: "=", target, value });
export const ret = (value?: CExpr): CStmt => (value ? { kind: "return", value } : { kind: "return" });
export const ifStmt = (test: CExpr, then: CStmt[], els?: CStmt[]): CStmt => (els ? { kind: "if", test, then, else: els } : { kind: "if", test, then });
export const declStmt = (type: CTypeSpec, name: string, init?: CExpr): CStmt => (init ? { kind: "decl", type, name, init } : { kind: "decl", type, name });

/** Whether a piece of C AST holds a node of `kind` anywhere (an `ident`: it names something; a `call`: evaluating it calls). */
export function mentions(node: CExpr | CStmt | CStmt[], kind: CExpr["kind"] | CStmt["kind"]): boolean {
  return JSON.stringify(node).includes(`"kind":"${kind}"`);
}

/** Whether lowered statements name an identifier. */
export function namesIdent(body: CStmt[], name: string): boolean {
  return JSON.stringify(body).includes(`{"kind":"ident","name":"${name}"}`);
}

