import { Node, SyntaxKind, type ForOfStatement, type Type } from "ts-morph";
import { bin, call, exprStmt, id, int, named, type CExpr, type CStmt } from "../cast/ast.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import type { Typed } from "../lower/context.ts";
import { lowerExpr } from "../lower/expressions.ts";
import { lowerBody, lowerStatement } from "../lower/statements.ts";
import { startLine } from "../lower/lines.ts";
import { base, toSpec, BOOL } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import type { BindState } from "./state.ts";
import { isBytesType } from "../load/prelude.ts";

/**
 * `for (const [key, value] of pairs(t))`: a walk over a Lua table with
 * lua_next. While a loop runs its key is at -2 and its value at -1 above
 * what inner loops pushed; key and value are read in place when used, after
 * isString()/isNumber() narrowed them (a number used more than once is read
 * once per iteration). A jump out of loops pops what they
 * pushed, so the Lua stack is as it was.
 */
/** A number, also narrowed further by a comparison to a union of number literals. */
function isNumeric(t: Type): boolean {
  return t.isNumber() || t.isNumberLiteral() || (t.isUnion() && t.getUnionTypes().every((u) => u.isNumberLiteral()));
}

export class TableWalks {
  /** the pairs() loops being lowered, outermost first */
  private readonly open: ForOfStatement[] = [];
  /** binding element (key or value) → its loop and slot (0 key, 1 value), and the C local its number is read into once */
  private readonly slots = new Map<Node, { loop: ForOfStatement; slot: 0 | 1; number?: string }>();

  constructor(private readonly s: BindState) {}

  lower(node: ForOfStatement): CStmt[] {
    const s = this.s;
    const ctx = s.ctx;
    const table = lowerExpr((node.getExpression() as import("ts-morph").CallExpression).getArguments()[0]!, ctx);
    const tb = base(table.t);
    if (tb.k !== "lua" || tb.what !== "table") return ctx.fail(node.getExpression(), "BindingParam", node.getExpression().getText(), "pairs() walks a LuaTable argument");
    const pattern = node.getInitializer().asKindOrThrow(SyntaxKind.VariableDeclarationList).getDeclarations()[0]!.getNameNode().asKindOrThrow(SyntaxKind.ArrayBindingPattern);
    const statement = node.getStatement();
    const statements = Node.isBlock(statement) ? statement.getStatements() : [statement];
    // the read of a number once per iteration, before the first statement that uses it as one
    const reads = new Map<Node, CStmt[]>();
    pattern.getElements().forEach((e, i) => {
      if (i > 1) ctx.fail(e, "UnsupportedSyntax", "a third element: pairs() gives a key and a value");
      if (!Node.isBindingElement(e)) return;
      const slot: { loop: ForOfStatement; slot: 0 | 1; number?: string } = { loop: node, slot: i as 0 | 1 };
      // a number used more than once is converted once (lua_tonumber() only reads the slot: reading it
      // before isNumber() narrowed it changes nothing); as late as can be, so it is kept across few calls
      const uses = statement.getDescendantsOfKind(SyntaxKind.Identifier).filter((r) => declarationOf(r) === e && isNumeric(r.getType()));
      const first = uses.length > 1 ? statements.find((st) => (st as Node) === uses[0] || uses[0]!.getAncestors().includes(st)) : undefined;
      if (first) {
        slot.number = sanitizeIdentifier(e.getName());
        reads.set(first, [...(reads.get(first) ?? []), { kind: "decl", type: named("lua_Number"), name: slot.number, init: call("lua_tonumber", s.L(), int(-2 + i)) }]);
      }
      this.slots.set(e, slot);
    });
    this.open.push(node);
    let body: CStmt[];
    try {
      body = reads.size === 0 ? lowerBody(statement, ctx)
        : statements.flatMap((st) => [...(reads.get(st) ?? []), { kind: "line", line: startLine(st), file: "" } as CStmt, ...lowerStatement(st, ctx)]);
    } finally {
      this.open.pop();
    }
    return [{
      kind: "for",
      init: exprStmt(call("lua_pushnil", s.L())),
      test: bin("!=", call("lua_next", s.L(), table.c), int(0)),
      update: call("lua_pop", s.L(), int(1)),
      body,
    }];
  }

  /** The stack index of a pairs() key or value an identifier names, if it is one. */
  private indexOf(node: Node): CExpr | undefined {
    const d = declarationOf(node);
    const slot = d && this.slots.get(d);
    if (!slot) return undefined;
    const above = this.open.length - 1 - this.open.indexOf(slot.loop);
    return int(-2 + slot.slot - 2 * above);
  }

  /** The C local a pairs() key or value's number was read into, if it was. */
  private numberOf(node: Node): string | undefined {
    const d = declarationOf(node);
    return d && this.slots.get(d)?.number;
  }

  /** A key or value read as the type TypeScript narrowed it to. */
  identifier(node: Node): Typed | undefined {
    const at = this.indexOf(node);
    if (!at) return undefined;
    const t = node.getType();
    const L = this.s.L();
    // a number is TypeScript's number, C's double: int(v) converts it as anywhere else
    const numeric = isNumeric(t);
    const local = numeric ? this.numberOf(node) : undefined;
    if (local) return { c: id(local), t: { k: "double" } };
    if (numeric) return { c: call("lua_tonumber", L, at), t: { k: "double" } };
    if (isBytesType(t, node)) {
      this.s.useHelper("slot_bytes");
      return { c: call("slot_bytes", L, at), t: { k: "bytes" } };
    }
    if (t.isBoolean() || t.isBooleanLiteral()) return { c: call("lua_toboolean", L, at), t: BOOL };
    return this.s.ctx.fail(node, "BindingParam", node.getText(), "a pairs() key or value is read after isString(), isNumber() or isBoolean() narrowed it");
  }

  /** isString(k) / isNumber(v) / isTable(v) on a key or value: its Lua type. */
  typeTest(arg: Node, luaType: string): Typed | undefined {
    const at = this.indexOf(arg);
    return at ? { c: bin("==", call("lua_type", this.s.L(), at), id(luaType)), t: BOOL } : undefined;
  }

  /** cstr(k) of a string key or value: Lua's own NUL-terminated copy. */
  cstring(arg: Node): Typed | undefined {
    const at = this.indexOf(arg);
    return at && isBytesType(arg.getType(), arg) ? { c: call("lua_tostring", this.s.L(), at), t: { k: "cstring" } } : undefined;
  }

  /**
   * break / continue / return inside pairs() loops: the key and value of
   * every loop the jump leaves are to be popped (a continue of a pairs() loop
   * itself pops in the loop's update). A return of a Lua C function pops
   * nothing: its results are on top, and Lua drops what is below them.
   */
  pops(node: Node): number {
    if (!this.open.length) return 0;
    let leaves: number;
    if (Node.isReturnStatement(node)) {
      if (this.s.luaFn) return 0;
      leaves = this.open.length;
    } else {
      const isBreak = Node.isBreakStatement(node);
      const target = node.getFirstAncestor((p) => Node.isIterationStatement(p) || (isBreak && Node.isSwitchStatement(p)));
      if (!target) return 0;
      // the loops nested in the target are left; the target itself only by a break
      leaves = this.open.filter((l) => l.getAncestors().includes(target)).length + (isBreak && this.open.includes(target as ForOfStatement) ? 1 : 0);
    }
    return 2 * leaves;
  }
}

/**
 * A jump that leaves `n` values on the Lua stack behind (pairs() keys and
 * values, callLua() results): they are popped first; a returned value is
 * computed before the pop.
 */
export function popBeforeJump(s: BindState, lowered: CStmt[], n: number): CStmt[] {
  const pop = exprStmt(call("lua_pop", s.L(), int(n)));
  const ret = lowered[lowered.length - 1];
  if (ret?.kind === "return" && ret.value) {
    const t = s.ctx.frame!.returnType;
    const result = s.ctx.frameName("result");
    return [{ kind: "block", body: [...lowered.slice(0, -1), { kind: "decl", type: toSpec(t), name: result, init: ret.value }, pop, { kind: "return", value: id(result) }] }];
  }
  return [...lowered.slice(0, -1), pop, ...lowered.slice(-1)];
}
