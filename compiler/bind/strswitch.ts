import { Node, SyntaxKind, type IfStatement, type Statement } from "ts-morph";
import { call, int, type CStmt, type CSwitchCase } from "../cast/ast.ts";
import { lowerExpr } from "../lower/expressions.ts";
import { lowerBody } from "../lower/statements.ts";
import { base } from "../lower/ctypes.ts";
import { stringLiteral } from "../print/printer.ts";
import { declarationOf } from "../lower/symbols.ts";
import { useArgHelpers } from "./helpers.ts";
import type { BindState } from "./state.ts";

/**
 * From this many branches, `if (equals(x, "a")) ... else if (equals(x, "b")) ...`
 * is one switch over bytes_index(x, "a\0b\0..."): one call instead of a length
 * test and a memcmp() per name (measured on mqtt.c's earlier on(), eight event names:
 * -73 B on the ESP32; its callbacks are now a ref array found through a const table).
 */
const SWITCH_MIN = 4;

/**
 * An else-if chain that compares one string with literals, as a switch over
 * the index of the name it matched (first match wins, as in the chain; no
 * match is the final else). The string is read once: nothing runs between
 * the chain's tests. undefined when the chain has another shape, a name
 * bytes_index() cannot hold (empty, or with a NUL), or a branch with a
 * `break` of an enclosing loop (it would end the switch instead).
 */
export function stringSwitch(s: BindState, node: IfStatement, isEquals: (n: Node) => boolean): CStmt[] | undefined {
  const names: number[][] = [];
  const bodies: Statement[] = [];
  let subject: Node | undefined;
  let rest: Statement | undefined = node;
  while (rest && Node.isIfStatement(rest)) {
    const test = rest.getExpression();
    if (!Node.isCallExpression(test) || !isEquals(test)) break;
    const [x, lit] = test.getArguments();
    if (!x || !Node.isIdentifier(x) || !lit || !Node.isStringLiteral(lit)) break;
    const d = declarationOf(x);
    if (!d || (subject !== undefined && declarationOf(subject) !== d)) break;
    const bytes = [...Buffer.from(lit.getLiteralValue())];
    if (bytes.length === 0 || bytes.includes(0)) return undefined;
    subject ??= x;
    names.push(bytes);
    bodies.push(rest.getThenStatement());
    rest = rest.getElseStatement();
  }
  if (!subject || names.length < SWITCH_MIN) return undefined;
  if ([...bodies, ...(rest ? [rest] : [])].some(breaksOut)) return undefined;
  const ctx = s.ctx;
  const x = lowerExpr(subject, ctx);
  if (base(x.t).k !== "bytes") return undefined;
  useArgHelpers(ctx, "bytes_index");
  const list = { kind: "string" as const, bytes: names.flatMap((n) => [...n, 0]) };
  const cases: CSwitchCase[] = bodies.map((b, i) => ({ labels: [int(i)], body: [{ kind: "comment", text: stringLiteral(names[i]!).replaceAll("*/", "*\\/") }, ...ended(lowerBody(b, ctx))] }));
  if (rest) cases.push({ labels: ["default"], body: ended(lowerBody(rest, ctx)) });
  return [{ kind: "switch", test: call("bytes_index", x.c, list), cases }];
}

/** A case's statements, with a break unless they end in a jump of their own. */
function ended(body: CStmt[]): CStmt[] {
  const last = body[body.length - 1]?.kind;
  return last === "return" || last === "goto" || last === "continue" ? body : [...body, { kind: "break" }];
}

/** Whether a statement has a `break` that leaves it (one of a loop or switch around it). */
function breaksOut(st: Statement): boolean {
  return st.getDescendantsOfKind(SyntaxKind.BreakStatement).some((b) => {
    const target = b.getFirstAncestor((a) => Node.isIterationStatement(a) || Node.isSwitchStatement(a));
    return !target || !target.getAncestors().includes(st) && target !== st;
  }) || Node.isBreakStatement(st);
}
