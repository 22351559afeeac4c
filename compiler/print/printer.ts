import type { CExpr, CFile, CStmt, CTopLevel, CTypeSpec, CParam } from "../cast/ast.ts";
import { fieldName } from "./names.ts";
import { Prec, binaryPrecedence, precedenceOf, wantsClarifyingParens } from "./precedence.ts";

/**
 * The C printer. It alone owns layout: precedence and parentheses,
 * declarator syntax, indentation (two spaces, NodeMCU style) and #line.
 */
export interface PrintOptions {
  lineDirectives: boolean;
}

/** The .ts file of the function being printed, for statement-level #line directives. */
let currentFile = "";

const INDENT = "  ";

export function printFile(file: CFile, options: PrintOptions): string {
  const out: string[] = [];
  for (const line of file.headerComment) out.push(line);
  if (file.headerComment.length) out.push("");
  for (const item of file.items) printTop(item, out, options);
  // collapse runs of blank lines the item printers may produce
  return out.join("\n").replace(/\n{3,}/g, "\n\n").replace(/\s+$/, "") + "\n";
}

// ---- types and declarators ----

/** `declare(T, "x")` writes a declaration of x with type T, e.g. `const char *x`, `int a[4]`. */
export function declare(type: CTypeSpec, name: string): string {
  return declInner(type, name).trim();
}

function declInner(type: CTypeSpec, inner: string): string {
  switch (type.kind) {
    case "name":
      return `${type.isConst ? "const " : ""}${type.name}${inner ? " " + inner : ""}`;
    case "pointer": {
      const q = type.isConst ? "const " : "";
      const star = `*${q}${inner}`;
      const needParens = type.to.kind === "array" || type.to.kind === "function";
      return declInner(type.to, needParens ? `(${star})` : star);
    }
    case "array":
      return declInner(type.of, `${inner}[${type.length ?? ""}]`);
    case "function": {
      const ps = type.params.length ? type.params.map((p) => declare(p, "")).join(", ") : "void";
      return declInner(type.ret, `${inner}(${ps}${type.variadic ? ", ..." : ""})`);
    }
  }
}

export function typeName(type: CTypeSpec): string {
  return declare(type, "");
}

// ---- expressions ----

export function printExpr(e: CExpr, min: Prec = Prec.Comma): string {
  // &*p is p
  if (e.kind === "unary" && e.op === "&" && e.operand.kind === "unary" && e.operand.op === "*") e = e.operand.operand;
  // !(a == b) reads as a != b (and the other way round): the same value for any operands
  if (e.kind === "unary" && e.op === "!" && e.operand.kind === "binary" && (e.operand.op === "==" || e.operand.op === "!=")) {
    e = { ...e.operand, op: e.operand.op === "==" ? "!=" : "==" };
  }
  const text = exprText(e);
  return precedenceOf(e) < min ? `(${text})` : text;
}

function operand(parentOp: string, child: CExpr, min: Prec): string {
  return wantsClarifyingParens(parentOp, child) ? `(${exprText(child)})` : printExpr(child, min);
}

function exprText(e: CExpr): string {
  switch (e.kind) {
    case "ident":
      return e.name;
    case "int":
    case "float":
      return e.text;
    case "char":
      return charLiteral(e.code);
    case "string":
      return stringLiteral(e.bytes);
    case "unary": {
      const inner = printExpr(e.operand, Prec.Unary);
      // avoid "- -x" turning into "--x"
      const sep = (e.op === "-" || e.op === "+") && inner.startsWith(e.op) ? " " : "";
      return `${e.op}${sep}${inner}`;
    }
    case "postfix":
      return `${printExpr(e.operand, Prec.Postfix)}${e.op}`;
    case "binary": {
      const p = binaryPrecedence(e.op);
      // left-associative: the right operand needs parens at equal precedence
      return `${operand(e.op, e.left, p)} ${e.op} ${operand(e.op, e.right, p + 1)}`;
    }
    case "assign":
      return `${printExpr(e.target, Prec.Unary)} ${e.op} ${printExpr(e.value, Prec.Assign)}`;
    case "cond":
      return `${printExpr(e.test, Prec.LogOr)} ? ${printExpr(e.then, Prec.Comma + 1)} : ${printExpr(e.else, Prec.Cond)}`;
    case "call":
      return `${printExpr(e.callee, Prec.Postfix)}(${e.args.map((a) => printExpr(a, Prec.Assign)).join(", ")})`;
    case "member":
      return `${printExpr(e.object, Prec.Postfix)}${e.arrow ? "->" : "."}${fieldName(e.name)}`;
    case "index":
      return `${printExpr(e.object, Prec.Postfix)}[${printExpr(e.index)}]`;
    case "cast":
      return `(${typeName(e.type)})${printExpr(e.operand, Prec.Unary)}`;
    case "sizeof":
      return `sizeof(${typeName(e.type)})`;
    case "init":
      if (!e.fields.length) return "{0}";
      return `{ ${e.fields.map((f) => (f.name ? `.${fieldName(f.name)} = ` : "") + printExpr(f.value, Prec.Assign)).join(", ")} }`;
    case "compound":
      return `(${typeName(e.type)})${exprText(e.init)}`;
    case "comma":
      return e.exprs.map((x) => printExpr(x, Prec.Assign)).join(", ");
  }
}

function charLiteral(code: number): string {
  if (code === 39) return "'\\''";
  if (code === 92) return "'\\\\'";
  if (code >= 32 && code < 127) return `'${String.fromCharCode(code)}'`;
  const named: Record<number, string> = { 0: "\\0", 10: "\\n", 13: "\\r", 9: "\\t" };
  return `'${named[code] ?? "\\x" + code.toString(16).padStart(2, "0")}'`;
}

/** Escapes bytes for a C string literal; octal escapes so a following digit cannot join them. */
export function stringLiteral(bytes: readonly number[]): string {
  let s = '"';
  let prev = -1;
  for (const b of bytes) {
    // "??" would start a trigraph: the second '?' is escaped, a lone one stays as written
    if (b === 63) s += prev === 63 ? "\\?" : "?";
    else if (b === 34) s += '\\"';
    else if (b === 92) s += "\\\\";
    else if (b === 10) s += "\\n";
    else if (b === 13) s += "\\r";
    else if (b === 9) s += "\\t";
    else if (b >= 32 && b < 127) s += String.fromCharCode(b);
    else s += "\\" + b.toString(8).padStart(3, "0");
    prev = b;
  }
  return s + '"';
}

// ---- statements ----

function printBody(body: CStmt[], out: string[], depth: number, o: PrintOptions): void {
  for (const s of body) printStmt(s, out, depth, o);
}

function printStmt(s: CStmt, out: string[], depth: number, o: PrintOptions): void {
  const pad = INDENT.repeat(depth);
  switch (s.kind) {
    case "expr":
      // statement-level commas and void conditionals read better as statements
      if (s.expr.kind === "comma") return printBody(s.expr.exprs.map((e) => ({ kind: "expr", expr: e })), out, depth, o);
      if (s.expr.kind === "cond") {
        // an empty comma as the else: nothing to do otherwise
        const none = s.expr.else.kind === "comma" && s.expr.else.exprs.length === 0;
        return printStmt({ kind: "if", test: s.expr.test, then: [{ kind: "expr", expr: s.expr.then }], ...(none ? {} : { else: [{ kind: "expr", expr: s.expr.else }] }) }, out, depth, o);
      }
      out.push(`${pad}${printExpr(s.expr)};`);
      return;
    case "decl": {
      const head = `${pad}${s.isStatic ? "static " : ""}${declare(s.type, s.name)}`;
      if (s.init?.kind === "init") return printInitializer(head, s.init, out, depth);
      out.push(`${head}${s.init ? " = " + printExpr(s.init, Prec.Assign) : ""};`);
      return;
    }
    case "block":
      out.push(`${pad}{`);
      printBody(s.body, out, depth + 1, o);
      out.push(`${pad}}`);
      return;
    case "if": {
      out.push(`${pad}if (${printExpr(s.test)}) {`);
      printBody(s.then, out, depth + 1, o);
      let els = s.else;
      // else-if chains stay flat
      while (els && els.length === 1 && els[0]!.kind === "if") {
        const inner: Extract<CStmt, { kind: "if" }> = els[0]!;
        out.push(`${pad}} else if (${printExpr(inner.test)}) {`);
        printBody(inner.then, out, depth + 1, o);
        els = inner.else;
      }
      if (els && els.length) {
        out.push(`${pad}} else {`);
        printBody(els, out, depth + 1, o);
      }
      out.push(`${pad}}`);
      return;
    }
    case "while":
      out.push(`${pad}while (${printExpr(s.test)}) {`);
      printBody(s.body, out, depth + 1, o);
      out.push(`${pad}}`);
      return;
    case "do":
      out.push(`${pad}do {`);
      printBody(s.body, out, depth + 1, o);
      out.push(`${pad}} while (${printExpr(s.test)});`);
      return;
    case "for": {
      let init = "";
      if (s.init?.kind === "decl") init = `${declare(s.init.type, s.init.name)}${s.init.init ? " = " + printExpr(s.init.init, Prec.Assign) : ""}`;
      else if (s.init?.kind === "expr") init = printExpr(s.init.expr);
      const test = s.test ? " " + printExpr(s.test) : "";
      const update = s.update ? " " + printExpr(s.update) : "";
      out.push(`${pad}for (${init};${test};${update}) {`);
      printBody(s.body, out, depth + 1, o);
      out.push(`${pad}}`);
      return;
    }
    case "switch":
      out.push(`${pad}switch (${printExpr(s.test)}) {`);
      for (const c of s.cases) {
        for (const l of c.labels) out.push(`${pad}${l === "default" ? "default:" : `case ${printExpr(l)}:`}`);
        const braced = c.body.some((x) => x.kind === "decl");
        if (braced) {
          out.push(`${pad}${INDENT}{`);
          printBody(c.body, out, depth + 2, o);
          out.push(`${pad}${INDENT}}`);
        } else printBody(c.body, out, depth + 1, o);
      }
      out.push(`${pad}}`);
      return;
    case "break":
      out.push(`${pad}break;`);
      return;
    case "continue":
      out.push(`${pad}continue;`);
      return;
    case "return":
      out.push(`${pad}return${s.value ? " " + printExpr(s.value) : ""};`);
      return;
    case "goto":
      out.push(`${pad}goto ${s.label};`);
      return;
    case "label":
      // at the start of the line, as labels are usually written
      out.push(`${s.name}:`);
      return;
    case "pp-if":
      out.push(`#if ${s.cond}`);
      printBody(s.then, out, depth, o);
      if (s.else && s.else.length) {
        out.push("#else");
        printBody(s.else, out, depth, o);
      }
      out.push("#endif");
      return;
    case "line":
      // an empty file means the enclosing function's
      if (o.lineDirectives) out.push(`#line ${s.line} "${s.file || currentFile}"`);
      return;
    case "comment":
      out.push(`${pad}/* ${s.text} */`);
      return;
  }
}

/** A designated initializer on one line when short, else one field per line, nested. */
function printInitializer(head: string, init: Extract<CExpr, { kind: "init" }>, out: string[], depth: number): void {
  const flat = `${head} = ${printExpr(init, Prec.Assign)};`;
  if (flat.length <= MAX_LINE) {
    out.push(flat);
    return;
  }
  const lines = initLines(init, depth + 1);
  out.push(`${head} = {`, ...lines, `${INDENT.repeat(depth)}};`);
}

const MAX_LINE = 100;

function initLines(init: Extract<CExpr, { kind: "init" }>, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const out: string[] = [];
  for (const f of init.fields) {
    const key = f.name ? `.${fieldName(f.name)} = ` : "";
    const flat = `${pad}${key}${printExpr(f.value, Prec.Assign)},`;
    // an element with a comment stays on its line, the comment after it
    if (f.value.kind === "init" && flat.length > MAX_LINE && !f.comment) {
      out.push(`${pad}${key}{`, ...initLines(f.value, depth + 1), `${pad}},`);
    } else out.push(f.comment ? `${flat} /* ${f.comment} */` : flat);
  }
  return out;
}

// ---- top level ----

/** The TypeScript doc comment of a function, carried over as a C comment above it. */
function docComment(doc: string): string[] {
  const lines = doc.replace(/\*\//g, "* /").split("\n").map((l) => l.trimEnd());
  if (lines.length === 1) return [`/* ${lines[0]} */`];
  return [`/* ${lines[0]}`, ...lines.slice(1).map((l) => (l ? ` * ${l}` : " *")), " */"];
}

function params(ps: CParam[]): string {
  return ps.length ? ps.map((p) => declare(p.type, p.name)).join(", ") : "void";
}

function printTop(t: CTopLevel, out: string[], o: PrintOptions): void {
  switch (t.kind) {
    case "include":
      out.push(`#include ${t.header}`);
      return;
    case "typedef-struct": {
      if (out[out.length - 1]?.startsWith("/*") === false || t.doc) out.push("");
      if (t.doc) out.push(...docComment(t.doc));
      // the fields' comments line up after the longest field
      const decls = t.fields.map((f) => `${declare(f.type, fieldName(f.name))};`);
      const width = Math.max(0, ...decls.filter((_, i) => t.fields[i]!.comment).map((d) => d.length));
      const fields = decls.map((d, i) => `${INDENT}${d}${t.fields[i]!.comment ? `${" ".repeat(width - d.length + 1)}/* ${t.fields[i]!.comment} */` : ""}`);
      if (t.anonymous) {
        out.push(`typedef struct {`, ...fields, `} ${t.name};`);
        return;
      }
      // the typedef comes first so a struct can point to its own type
      out.push(`typedef struct ${t.name} ${t.name};`);
      out.push(`struct ${t.name} {`, ...fields, `};`);
      return;
    }
    case "define": {
      if (t.doc) out.push(...docComment(t.doc));
      // each use of a parameter, and the whole body unless it is one token or a call, in parentheses: the macro expands as one operand
      const params = new Set(t.params ?? []);
      const body = printExpr(macroParams(t.body, params), precedenceOf(t.body) >= Prec.Postfix ? Prec.Comma : Prec.Primary);
      out.push(`#define ${t.name}${t.params ? `(${t.params.join(", ")})` : ""} ${body}`);
      return;
    }
    case "typedef":
      out.push(`typedef ${declare(t.type, t.name)};`);
      return;
    case "enum":
      out.push("", `typedef enum {`);
      t.members.forEach((m, i) => out.push(`${INDENT}${m.name} = ${m.value}${i < t.members.length - 1 ? "," : ""}`));
      out.push(`} ${t.name};`);
      return;
    case "var": {
      if (t.doc) out.push(...docComment(t.doc));
      const head = `${t.isStatic ? "static " : ""}${declare(t.isConst ? constify(t.type) : t.type, t.name)}`;
      const flat = `${head}${t.init ? " = " + printExpr(t.init, Prec.Assign) : ""};`;
      // a long initializer list: one element per line
      if (t.init?.kind === "init" && (flat.length > MAX_LINE || t.init.fields.some((f) => f.comment))) out.push(`${head} = {`, ...initLines(t.init, 1), "};");
      else out.push(flat);
      return;
    }
    case "prototype":
      out.push(`${t.isStatic ? "static " : ""}${declare(t.ret, `${t.name}(${params(t.params)})`)};`);
      return;
    case "function":
      out.push("");
      currentFile = t.line?.file ?? "";
      if (t.doc) out.push(...docComment(t.doc));
      if (t.line && o.lineDirectives) out.push(`#line ${t.line.line} "${t.line.file}"`);
      out.push(`${t.cold ? "__attribute__((cold)) " : ""}${t.noinline ? "__attribute__((noinline)) " : ""}${t.isStatic ? "static " : ""}${declare(t.ret, `${t.name}(${params(t.params)})`)}`);
      out.push("{");
      printBody(t.body, out, 1, o);
      out.push("}");
      return;
    case "macro":
      // a definition is a node of its own (function, define, var...), which the printer lays out
      if (t.text.includes("\n") || t.text.trimStart().startsWith("#")) throw new Error(`a macro node is one macro invocation line, not: ${JSON.stringify(t.text.slice(0, 60))}`);
      out.push(t.text);
      return;
    case "pp-if":
      out.push(`#if ${t.cond}`);
      for (const x of t.then) printTop(x, out, o);
      if (t.else?.length) {
        out.push("#else");
        for (const x of t.else) printTop(x, out, o);
      }
      out.push("#endif");
      return;
    case "comment":
      out.push(`/* ${t.text} */`);
      return;
    case "blank":
      out.push("");
      return;
  }
}

/** A macro body with each use of a parameter as `(p)`: an argument expression stays one operand. */
function macroParams(e: CExpr, params: Set<string>): CExpr {
  if (!params.size) return e;
  return JSON.parse(JSON.stringify(e), (_k, v: unknown) => {
    const n = v as { kind?: string; name?: string } | null;
    return n && n.kind === "ident" && params.has(n.name!) ? { kind: "ident", name: `(${n.name})` } : v;
  }) as CExpr;
}

function constify(t: CTypeSpec): CTypeSpec {
  if (t.kind === "name") return { ...t, isConst: true };
  if (t.kind === "pointer") return { ...t, isConst: true };
  if (t.kind === "array") return { ...t, of: constify(t.of) };
  return t;
}
