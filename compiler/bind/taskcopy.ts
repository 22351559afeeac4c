import { assign, bin, call, cast, exprStmt, id, ifStmt, int, member, named, ptr, ret, type CExpr, type CStmt, type CTypeSpec } from "../cast/ast.ts";
import type { LowerContext } from "../lower/context.ts";
import { base, describe, toSpec, type CType } from "../lower/ctypes.ts";
import { ownFieldName, snakeCase } from "../print/names.ts";
import { emitHelper } from "./helpers.ts";

/**
 * The deep copy of a @luaTask argument that is an interface or a list (T[]):
 * the byte strings, C strings and lists it views (at any depth) are copied
 * into the same allocation as the message, after its fixed part. One helper
 * per shape, `task_copy_<shape>(v, to, at)`, walks a value: with `to` NULL it
 * only measures (returns `at` plus the bytes the views need), else it copies
 * each view to `to + at` and points the value at its copy. The post measures
 * the caller's value, allocates once, copies the value into the message and
 * lets the helper re-point it: one malloc, one free.
 */

/** Whether a value of type `t` views memory (a byte string, a C string, a list), itself or in a field or element. */
export function holdsViews(t: CType): boolean {
  const b = base(t);
  if (b.k === "bytes" || b.k === "cstring" || b.k === "list") return true;
  if (b.k === "array") return holdsViews(b.of);
  if (b.k === "struct") return [...b.fields().values()].some(holdsViews);
  return false;
}

/** The part of a copy helper's name that says its type. */
function part(t: CType): string {
  const b = base(t);
  switch (b.k) {
    case "bytes": return "bytes";
    case "cstring": return "str";
    case "struct": return snakeCase(b.name);
    case "list": return `list_${part(b.of)}`;
    case "int": return b.name;
    case "enum": return snakeCase(b.name);
    case "double": return "num";
    case "bool": return "bool";
    default: throw new Error(`task copy of ${describe(t)} passed tableProblem()`);
  }
}

const [to, at, v] = [id("to"), id("at"), id("v")];
const SIZE = named("size_t");

/** `at = task_copy_<t>(p, to, at);`: the views of the value `p` points to, measured or copied. */
function copyStmt(ctx: LowerContext, t: CType, p: CExpr): CStmt {
  return exprStmt(assign(at, call(useCopy(ctx, t), p, to, at)));
}

/** Emits the copy helper of type `t` (and those it calls) once; returns its name. */
export function useCopy(ctx: LowerContext, t: CType): string {
  const b = base(t);
  const name = `task_copy_${part(t)}`;
  if (ctx.helpers.has(name)) return name;
  ctx.include("<string.h>");
  const helper = (type: CTypeSpec, doc: string, body: CStmt[], needs: ("tsc2c_bytes" | "tsc2c_list")[] = []): string => {
    emitHelper(ctx, {
      name, needs, afterTypes: true, doc,
      build: () => ({
        kind: "function", ret: SIZE, name, isStatic: true,
        params: [{ type: ptr(type), name: "v" }, { type: ptr(named("char")), name: "to" }, { type: SIZE, name: "at" }],
        body,
      }),
    });
    return name;
  };
  const copied = (then: CStmt[]): CStmt => ifStmt(bin("!=", to, id("NULL")), then);
  const there = bin("+", to, at);
  switch (b.k) {
    case "bytes": {
      const len = member(v, "len", true);
      return helper(named("tsc2c_bytes"), "copies the bytes v views to to + at and points v there (with to NULL, only counts them)", [
        copied([
          ifStmt(bin(">", len, int(0)), [exprStmt(call("memcpy", there, member(v, "ptr", true), len))]),
          exprStmt(assign(member(v, "ptr", true), there)),
        ]),
        ret(bin("+", at, len)),
      ], ["tsc2c_bytes"]);
    }
    case "cstring": {
      const s = { kind: "unary" as const, op: "*" as const, operand: v };
      return helper(toSpec(b), "copies the C string *v (with its NUL) to to + at and points *v there (with to NULL, only counts it); NULL stays NULL", [
        ifStmt(bin("==", s, id("NULL")), [ret(at)]),
        { kind: "decl", type: SIZE, name: "n", init: bin("+", call("strlen", s), int(1)) },
        copied([exprStmt(call("memcpy", there, s, id("n"))), exprStmt(assign(s, there))]),
        ret(bin("+", at, id("n"))),
      ]);
    }
    case "list": {
      const len = member(v, "len", true);
      const bytes = bin("*", len, { kind: "sizeof", type: toSpec(b.of) });
      const body: CStmt[] = [
        // 8: the largest alignment of an element (a double, a pointer, a size_t) on the ESP32 and the host
        exprStmt(assign(at, bin("&", bin("+", at, int("7u")), { kind: "unary", op: "~", operand: cast(SIZE, int("7u")) }))),
        { kind: "decl", type: SIZE, name: "first", init: at },
        exprStmt({ kind: "assign", op: "+=", target: at, value: bytes }),
        copied([
          ifStmt(bin(">", len, int(0)), [exprStmt(call("memcpy", bin("+", to, id("first")), member(v, "ptr", true), bytes))]),
          exprStmt(assign(member(v, "ptr", true), bin("+", to, id("first")))),
        ]),
      ];
      if (holdsViews(b.of)) {
        // the elements' own views: those of the copies (or, measuring, of the caller's elements)
        const element = { kind: "unary" as const, op: "&" as const, operand: { kind: "index" as const, object: cast(ptr(toSpec(b.of)), member(v, "ptr", true)), index: id("i") } };
        body.push({
          kind: "for",
          init: { kind: "decl", type: SIZE, name: "i", init: int(0) },
          test: bin("<", id("i"), len),
          update: { kind: "assign", op: "+=", target: id("i"), value: int(1) },
          body: [copyStmt(ctx, b.of, element)],
        });
      }
      body.push(ret(at));
      return helper(named("tsc2c_list"), `copies the elements of the list v${holdsViews(b.of) ? " and what they view" : ""} to to + at and points v there (with to NULL, only counts them)`, body, ["tsc2c_list"]);
    }
    case "struct": {
      const body: CStmt[] = [];
      for (const [field, ft] of b.fields()) {
        if (!holdsViews(ft)) continue;
        const f = member(v, ownFieldName(field), true);
        const fb = base(ft);
        if (fb.k === "array") {
          const element = { kind: "unary" as const, op: "&" as const, operand: { kind: "index" as const, object: f, index: id("i") } };
          body.push({
            kind: "for",
            init: { kind: "decl", type: named("int"), name: "i", init: int(0) },
            test: bin("<", id("i"), int(fb.length)),
            update: { kind: "assign", op: "+=", target: id("i"), value: int(1) },
            body: [copyStmt(ctx, fb.of, element)],
          });
        } else body.push(copyStmt(ctx, ft, { kind: "unary", op: "&", operand: f }));
      }
      body.push(ret(at));
      return helper(named(b.name), `copies what the fields of ${b.name} view to to + at and points them there (with to NULL, only counts it)`, body);
    }
    default: throw new Error(`task copy of ${describe(t)}: it holds no views`);
  }
}
