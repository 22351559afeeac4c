import { Node, SyntaxKind, type CallExpression, type VariableDeclaration } from "ts-morph";
import { bin, call, exprStmt, id, int, named, str, type CExpr, type CStmt } from "../cast/ast.ts";
import { asValue } from "../lower/coerce.ts";
import type { Typed } from "../lower/context.ts";
import { lowerExpr, lowerTo } from "../lower/expressions.ts";
import { declarationOf } from "../lower/symbols.ts";
import { sanitizeIdentifier } from "../print/names.ts";
import { isPairsLoop } from "../subset/pairs.ts";
import { hasBuffer } from "./buffer.ts";
import type { BindState } from "./state.ts";

/** The message of luaL_checkstack() when a results list outgrows the Lua stack. */
const TOO_MANY = "too many results";

/**
 * A Lua function's results list: `const out: int[] = []` in a function whose
 * tuple return type has a rest element (`[...int[], int]`, struct.unpack's
 * shape). Its values go onto the Lua stack as they are pushed, above what
 * the function had there when the list was declared (its C local holds that
 * stack top); `return [...out, next]` pushes the values around them and
 * returns them all. Nothing is copied and nothing can leak on a Lua error.
 *
 * A list is only pushed to, as a statement (`out.push(a, b)`), and returned
 * spread; any other use is refused. So is a push or a spread return inside
 * a pairs() loop that the list was declared outside of: the walk's key and
 * value would sit between its values.
 */
export class ResultsLists {
  /** each list's declaration and the C local that holds the stack top below its values */
  private readonly lists = new Map<Node, string>();

  constructor(private readonly s: BindState) {}

  /** `const out: T[] = []` in a Lua function returning a rest of values: the stack top, kept; undefined for any other declaration. */
  declare(d: VariableDeclaration): CStmt | undefined {
    const fn = this.s.luaFn;
    const tn = d.getTypeNode();
    if (!fn?.model.returns.rest || !tn || !Node.isArrayTypeNode(tn)) return undefined;
    // a LuaBuffer keeps its pieces on the stack too: a push between them would be taken for one
    if (hasBuffer(fn.node)) return this.s.ctx.fail(d, "BindingResults", d.getName(), "a function builds a LuaBuffer or a results list, not both (both live on the Lua stack)");
    const init = d.getInitializer();
    if (!init || !Node.isArrayLiteralExpression(init) || init.getElements().length > 0) {
      return this.s.ctx.fail(init ?? d, "BindingResults", d.getName(), "it starts empty, `const out: T[] = []`, and is filled with out.push(v)");
    }
    const cname = sanitizeIdentifier(d.getName());
    this.lists.set(d, cname);
    return { kind: "decl", type: named("int"), name: cname, init: call("lua_gettop", this.s.L()) };
  }

  /** Whether `at` comes after the declaration of a results list of the Lua function being lowered. */
  liveAt(at: Node): boolean {
    const fn = this.s.luaFn?.node;
    return fn !== undefined && [...this.lists.keys()].some((d) => d.getStart() < at.getStart() && d.getFirstAncestor((a) => a === fn) !== undefined);
  }

  /** The list an identifier names, if it names one. */
  private listOf(node: Node): { decl: VariableDeclaration; cname: string } | undefined {
    const decl = declarationOf(node);
    const cname = decl && this.lists.get(decl);
    return cname ? { decl: decl as VariableDeclaration, cname } : undefined;
  }

  /** A use of a list other than a push statement or a spread return: refused where it is. */
  identifier(node: Node): undefined {
    if (this.listOf(node)) {
      this.s.ctx.fail(node, "BindingResults", node.getText(), "it is only pushed to, `out.push(v)` as a statement, and returned spread, `return [...out]`");
    }
    return undefined;
  }

  /** `out.push(a, b)` as a statement: each value onto the stack (room checked: a list has no bound); undefined for any other statement. */
  push(expr: CallExpression): CStmt[] | undefined {
    const callee = expr.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "push") return undefined;
    const list = this.listOf(callee.getExpression());
    if (!list) return undefined;
    this.notAcrossWalk(expr, list.decl);
    return expr.getArguments().flatMap((a) => [
      exprStmt(call("luaL_checkstack", this.s.L(), int(1), str(TOO_MANY))),
      ...this.s.pushStmts(this.valueOf(a), a),
    ]);
  }

  /** A pushed value: as the rest element's kind when it has one (`int[]` pushes integers), else as its own type. */
  private valueOf(a: Node): Typed {
    const kinds = this.s.luaFn!.model.returns.rest!.kinds;
    if (kinds.length !== 1 || kinds[0]!.lua === "userdata" || kinds[0]!.lua === "table") return lowerExpr(a, this.s.ctx);
    const t = kinds[0]!.t;
    return { c: asValue(lowerTo(a, t, this.s.ctx), t), t };
  }

  /**
   * `return [a, ...out, b]`: the values before the list are pushed and moved
   * below its values, the ones after pushed on top; the count is what lies
   * above the stack top the list kept. Undefined when `e` spreads no list
   * (a rest function may also return fixed values only, `return [n]`).
   */
  returned(e: Node, pushOne: (x: Node, at: number) => CStmt[]): CStmt[] | undefined {
    let x = e;
    while (Node.isParenthesizedExpression(x)) x = x.getExpression();
    if (!Node.isArrayLiteralExpression(x)) return undefined;
    const elements = x.getElements();
    const spreads = elements.filter((el) => Node.isSpreadElement(el));
    if (!spreads.length) return undefined;
    const ctx = this.s.ctx;
    if (spreads.length > 1) return ctx.fail(spreads[1]!, "BindingResults", spreads[1]!.asKindOrThrow(SyntaxKind.SpreadElement).getExpression().getText(), "return it spread once, `[...out]`");
    const spread = spreads[0]!.asKindOrThrow(SyntaxKind.SpreadElement).getExpression();
    const list = this.listOf(spread);
    if (!list) return ctx.fail(spread, "BindingResults", spread.getText(), "only a results list (`const out: T[] = []`) is returned spread");
    const rest = this.s.luaFn!.model.returns.rest!;
    const at = elements.indexOf(spreads[0]!);
    if (at !== rest.at || elements.length !== this.s.luaFn!.model.returns.values.length + 1) {
      return ctx.fail(x, "BindingResults", list.cname, `return the values as the type ${rest.node.getParentOrThrow().getText()} lists them, the list spread in its place`);
    }
    this.notAcrossWalk(x, list.decl);
    const base = id(list.cname);
    const before = elements.slice(0, at).flatMap((el, i) => [
      exprStmt(call("luaL_checkstack", this.s.L(), int(1), str(TOO_MANY))),
      ...pushOne(el, i),
      // below the list's values, after the values before it
      exprStmt(call("lua_insert", this.s.L(), bin("+", base, int(i + 1)))),
    ]);
    const after = elements.slice(at + 1).flatMap((el, i) => [exprStmt(call("luaL_checkstack", this.s.L(), int(1), str(TOO_MANY))), ...pushOne(el, at + i)]);
    const count: CExpr = bin("-", call("lua_gettop", this.s.L()), base);
    return [...before, ...after, { kind: "return", value: count }];
  }

  /** Refuses a push or return inside a pairs() loop the list was declared outside of. */
  private notAcrossWalk(at: Node, decl: VariableDeclaration): void {
    const walk = at.getAncestors().find((a) => isPairsLoop(a) && !decl.getAncestors().includes(a));
    if (walk) this.s.ctx.fail(at, "BindingResults", decl.getName(), "it is pushed to and returned outside the pairs() loops it was declared outside of (a walk keeps its key and value on the stack)");
  }
}
