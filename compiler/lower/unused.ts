import { Node, SyntaxKind, ts } from "ts-morph";
import { kconfigCondition, kconfigParts } from "./kconfig.ts";

/**
 * Whether a declaration is read anywhere. C compilers reject unused locals
 * and unused static functions under -Wall -Werror, where TypeScript (without
 * noUnusedLocals) says nothing: tsc2c reports them instead of emitting C that
 * does not build.
 */
export function isReferenced(decl: Node, within: Node, writesCount = false): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return true;
  const checker = decl.getProject().getTypeChecker().compilerObject;
  const sym = checker.getSymbolAtLocation(nameNode.compilerNode);
  return (identifiersByName(within).get(nameNode.getText()) ?? []).some((id) => {
    if (id === nameNode.compilerNode || (!writesCount && isOnlyWritten(id))) return false;
    let s = checker.getSymbolAtLocation(id);
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    return s === sym || s?.declarations?.includes(decl.compilerNode as ts.Declaration) === true;
  });
}

/**
 * Whether every use of an array variable reads an element (`a[i]`, not assigned, incremented or
 * passed on) or its length: then C may declare its elements const, as a hand-written table is.
 */
export function isOnlyReadByIndex(decl: Node, within: readonly Node[]): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return false;
  const checker = decl.getProject().getTypeChecker().compilerObject;
  const sym = checker.getSymbolAtLocation(nameNode.compilerNode);
  return within.every((f) => (identifiersByName(f).get(nameNode.getText()) ?? []).every((id) => {
    if (id === nameNode.compilerNode || checker.getSymbolAtLocation(id) !== sym) return true;
    const use = id.parent;
    if (ts.isPropertyAccessExpression(use) && use.expression === id) return use.name.text === "length";
    if (!ts.isElementAccessExpression(use) || use.expression !== id) return false;
    // the element read may sit under a non-null assertion: a[i]!
    const outer = ts.isNonNullExpression(use.parent) ? use.parent : use;
    const user = outer.parent;
    if (ts.isBinaryExpression(user) && user.left === outer) return !isAssignment(user);
    return !((ts.isPrefixUnaryExpression(user) || ts.isPostfixUnaryExpression(user)) && (user.operator === ts.SyntaxKind.PlusPlusToken || user.operator === ts.SyntaxKind.MinusMinusToken));
  }));
}

/** The scope a local is visible in: its enclosing block or for statement. */
export function localScope(decl: Node): Node {
  return decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isForStatement(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
}

/** `=`, `+=`, `<<=`, `??=` and the other assignments: what writes its left side. */
function isAssignment(b: ts.BinaryExpression): boolean {
  const k = b.operatorToken.kind;
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** `x = e;` or `x += e;` as a statement writes x without reading it: gcc and clang say "set but not used". */
function isOnlyWritten(id: ts.Node): boolean {
  const parent = id.parent;
  if (!parent || !ts.isBinaryExpression(parent) || parent.left !== id || !isAssignment(parent)) return false;
  const user = parent.parent;
  return ts.isExpressionStatement(user) || (ts.isForStatement(user) && user.incrementor === parent);
}

/**
 * Identifiers under a node, by name: built once per scope, as every declaration in
 * it asks. Walks TypeScript's own nodes: wrapping each one in ts-morph is the slow part.
 */
const byName = new WeakMap<Node, Map<string, ts.Identifier[]>>();
function identifiersByName(within: Node): Map<string, ts.Identifier[]> {
  let m = byName.get(within);
  if (!m) {
    const found = new Map<string, ts.Identifier[]>();
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        const list = found.get(n.text);
        if (list) list.push(n);
        else found.set(n.text, [n]);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(within.compilerNode, visit);
    m = found;
    byName.set(within, m);
  }
  return m;
}

/** `if (kconfig("X"))` or `if (!kconfig("X"))`: the branches are compiled only in some configurations. */
function isKconfigIf(n: Node): boolean {
  return Node.isIfStatement(n) && kconfigCondition(n.getExpression().compilerNode, n) !== undefined;
}

/**
 * Whether every read of `decl` sits under a kconfig branch that does not hold
 * the declaration: with the symbol off, C sees the variable unused. Reads in
 * both branches of one kconfig test count as always used.
 */
export function onlyUnderKconfig(decl: Node, within: Node): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return false;
  const checker = decl.getProject().getTypeChecker().compilerObject;
  const sym = checker.getSymbolAtLocation(nameNode.compilerNode);
  const sf = decl.getSourceFile();
  const reads = (identifiersByName(within).get(nameNode.getText()) ?? [])
    .filter((id) => id !== nameNode.compilerNode && checker.getSymbolAtLocation(id) === sym && !isOnlyWritten(id))
    .map((id) => sf.getDescendantAtPos(id.getStart())!);
  if (!reads.length) return false;
  const branches = reads.map((id) => {
    const test = id.getFirstAncestor((a) => isKconfigIf(a) && !decl.getAncestors().includes(a));
    if (!test) return undefined;
    const inThen = id.getAncestors().includes(test.asKindOrThrow(SyntaxKind.IfStatement).getThenStatement());
    return { test, inThen };
  });
  if (branches.some((b) => !b)) return false;
  return !branches.some((a) => branches.some((b) => a!.test === b!.test && a!.inThen !== b!.inThen));
}

/**
 * The preprocessor condition under which a top-level declaration is used, when
 * every use sits in the same branch of `if (kconfig(...))`: its C definition is
 * wrapped in that `#if`, so the C compiles (no unused static) with the symbol
 * on or off. Undefined when some use is unconditional or the branches differ.
 */
export function kconfigGuard(decl: Node, files: readonly Node[]): string | undefined {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return undefined;
  const checker = decl.getProject().getTypeChecker().compilerObject;
  const sym = checker.getSymbolAtLocation(nameNode.compilerNode);
  const conds = new Set<string>();
  for (const f of files) {
    for (const id of identifiersByName(f).get(nameNode.getText()) ?? []) {
      if (id === nameNode.compilerNode || checker.getSymbolAtLocation(id) !== sym) continue;
      const cond = branchCondition(id, decl);
      if (cond === undefined) return undefined;
      conds.add(cond);
    }
  }
  return conds.size === 1 ? [...conds][0] : undefined;
}

/** The #if condition of the innermost kconfig branch around a node, or undefined outside any. */
function branchCondition(id: ts.Node, program: Node): string | undefined {
  for (let below: ts.Node = id, child: ts.Node = id, n = id.parent; n; below = child, child = n, n = n.parent) {
    if (!ts.isIfStatement(n)) continue;
    const parts = kconfigParts(n.expression, program);
    if (!parts?.cond) continue;
    // in `kconfig("X") && rest`, rest is evaluated only under the #if; the kconfig test itself is no use
    if (child === n.expression) {
      if (parts.rest && below === unparenthesized(n.expression).right) return parts.cond;
      continue;
    }
    return child === n.thenStatement ? parts.cond : `!(${parts.cond})`;
  }
  return undefined;
}

/** An expression without the parentheses around it; the `&&` of a kconfig condition with a rest. */
function unparenthesized(e: ts.Expression): ts.BinaryExpression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e as ts.BinaryExpression;
}
