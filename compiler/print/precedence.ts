import type { CExpr } from "../cast/ast.ts";

/**
 * C operator precedence, higher binds tighter (C11 6.5). The printer uses it
 * to add parentheses exactly where needed, plus a few where gcc -Wall asks
 * for them (-Wparentheses: && inside ||, arithmetic inside shifts and bit ops).
 */
export const enum Prec {
  Comma = 1,
  Assign = 2,
  Cond = 3,
  LogOr = 4,
  LogAnd = 5,
  BitOr = 6,
  BitXor = 7,
  BitAnd = 8,
  Equality = 9,
  Relational = 10,
  Shift = 11,
  Additive = 12,
  Multiplicative = 13,
  Unary = 14, // also casts
  Postfix = 15,
  Primary = 16,
}

const binaryPrec: Record<string, Prec> = {
  "*": Prec.Multiplicative, "/": Prec.Multiplicative, "%": Prec.Multiplicative,
  "+": Prec.Additive, "-": Prec.Additive,
  "<<": Prec.Shift, ">>": Prec.Shift,
  "<": Prec.Relational, "<=": Prec.Relational, ">": Prec.Relational, ">=": Prec.Relational,
  "==": Prec.Equality, "!=": Prec.Equality,
  "&": Prec.BitAnd, "^": Prec.BitXor, "|": Prec.BitOr,
  "&&": Prec.LogAnd, "||": Prec.LogOr,
};

export function binaryPrecedence(op: string): Prec {
  const p = binaryPrec[op];
  if (p === undefined) throw new Error(`no precedence for ${op}`);
  return p;
}

export function precedenceOf(e: CExpr): Prec {
  switch (e.kind) {
    case "ident": case "int": case "float": case "string": case "char": case "init":
      return Prec.Primary;
    case "call": case "member": case "index": case "postfix": case "compound":
      return Prec.Postfix;
    case "unary": case "cast": case "sizeof":
      return Prec.Unary;
    case "binary":
      return binaryPrecedence(e.op);
    case "cond":
      return Prec.Cond;
    case "assign":
      return Prec.Assign;
    case "comma":
      return Prec.Comma;
  }
}

/** Operators whose mixing gcc warns about even when precedence makes it unambiguous. */
export function wantsClarifyingParens(parentOp: string, child: CExpr): boolean {
  if (child.kind !== "binary") return false;
  const c = child.op;
  if (parentOp === "||" && c === "&&") return true;
  // a bit test as an operand of && or || reads as one: (flags & BIT) || x
  if ((parentOp === "||" || parentOp === "&&") && (c === "&" || c === "|" || c === "^")) return true;
  if ((parentOp === "<<" || parentOp === ">>") && (c === "+" || c === "-")) return true;
  if ((parentOp === "&" || parentOp === "|" || parentOp === "^") && c !== parentOp) return true;
  if ((parentOp === "==" || parentOp === "!=" || parentOp === "<" || parentOp === ">" || parentOp === "<=" || parentOp === ">=") &&
      (c === "==" || c === "!=" || c === "<" || c === ">" || c === "<=" || c === ">=")) return true;
  return false;
}
