import { Node, SyntaxKind } from "ts-morph";

/**
 * Whether a declaration is read anywhere. C compilers reject unused locals
 * and unused static functions under -Wall -Werror, where TypeScript (without
 * noUnusedLocals) says nothing: tsc2c reports them instead of emitting C that
 * does not build.
 */
export function isReferenced(decl: Node, within: Node, writesCount = false): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return true;
  const name = nameNode.getText();
  const sym = nameNode.getSymbol();
  return (identifiersByName(within).get(name) ?? []).some((id) => {
    if (id === nameNode || (!writesCount && isOnlyWritten(id))) return false;
    let s = id.getSymbol();
    if (s?.isAlias()) s = s.getAliasedSymbol() ?? s;
    return s === sym || s?.getDeclarations().includes(decl) === true;
  });
}

/** The scope a local is visible in: its enclosing block or for statement. */
export function localScope(decl: Node): Node {
  return decl.getFirstAncestor((a) => Node.isBlock(a) || Node.isForStatement(a) || Node.isSourceFile(a)) ?? decl.getSourceFile();
}

/** `x = e;` or `x += e;` as a statement writes x without reading it: gcc and clang say "set but not used". */
function isOnlyWritten(id: Node): boolean {
  const parent = id.getParent();
  if (!parent || !Node.isBinaryExpression(parent) || parent.getLeft() !== id) return false;
  const op = parent.getOperatorToken().getText();
  if (!op.endsWith("=") || ["==", "===", "!=", "!==", "<=", ">="].includes(op)) return false;
  const user = parent.getParent();
  return Node.isExpressionStatement(user) || (Node.isForStatement(user) && user.getIncrementor() === parent);
}

/** Identifiers under a node, by name: built once per scope, as every declaration in it asks. */
const byName = new WeakMap<Node, Map<string, Node[]>>();
function identifiersByName(within: Node): Map<string, Node[]> {
  let m = byName.get(within);
  if (!m) {
    m = new Map();
    for (const id of within.getDescendantsOfKind(SyntaxKind.Identifier)) {
      const list = m.get(id.getText());
      if (list) list.push(id);
      else m.set(id.getText(), [id]);
    }
    byName.set(within, m);
  }
  return m;
}

/** `if (kconfig("X"))` or `if (!kconfig("X"))`: the branches are compiled only in some configurations. */
export function isKconfigIf(n: Node): boolean {
  if (!Node.isIfStatement(n)) return false;
  let e: Node = n.getExpression();
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) e = e.getOperand();
  return Node.isCallExpression(e) && e.getExpression().getText() === "kconfig";
}

/**
 * Whether every read of `decl` sits under a kconfig branch that does not hold
 * the declaration: with the symbol off, C sees the variable unused. Reads in
 * both branches of one kconfig test count as always used.
 */
export function onlyUnderKconfig(decl: Node, within: Node): boolean {
  const nameNode = (decl as unknown as { getNameNode?: () => Node }).getNameNode?.();
  if (!nameNode) return false;
  const sym = nameNode.getSymbol();
  const reads = (identifiersByName(within).get(nameNode.getText()) ?? [])
    .filter((id) => id !== nameNode && id.getSymbol() === sym && !isOnlyWritten(id));
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
