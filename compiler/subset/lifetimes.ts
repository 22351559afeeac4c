/**
 * Value lifetimes: a byte string made by `bytesFrom(p, n)` views memory the
 * program owns, and must not be read after that memory may be gone. Kept in a
 * local variable, it is refused (a located diagnostic at the use) when, between
 * the view's creation and a use of it, the memory it views is handed to a
 * function (which may free or reuse it: `free(buf)`, `memcpy(buf, ...)`) or the
 * pointer it came from is assigned. Anywhere else it may be kept (a field, a
 * global) the compiler cannot follow it, so it is refused there; passed on
 * directly (an argument, a Lua return) it is read at once and always fine.
 * A plain C function cannot return a view of its own local array.
 */
import { Node, SyntaxKind, type CallExpression, type SourceFile } from "ts-morph";
import type { DiagnosticBag } from "../diagnostics/diagnostic.ts";
import { diagnosticAt } from "../diagnostics/diagnostic.ts";
import { intrinsicOf, type Intrinsic } from "../load/prelude.ts";
import { isCOnly, isLuaModuleFile } from "../bind/model.ts";


/** The declaration a name or a field access refers to. */
function declOf(n: Node): Node | undefined {
  const target = Node.isPropertyAccessExpression(n) ? n.getNameNode() : n;
  let sym = target.getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  return sym?.getDeclarations()[0];
}

/** The pointer views that can reach the same memory: pointer conversions see through to the variables and fields under them. */
const SEE_THROUGH = new Set<Intrinsic | undefined>(["castPtr", "offset", "addr", "at"]);

/** The variables and fields whose memory `e` points into (through casts, offsets and local aliases). */
function rootsOf(e: Node, out: Set<Node>, depth = 0): Set<Node> {
  if (depth > 8) return out;
  while (Node.isParenthesizedExpression(e) || Node.isNonNullExpression(e)) e = e.getExpression();
  if (Node.isCallExpression(e)) {
    const name = intrinsicOf(e);
    if (name && SEE_THROUGH.has(name) && e.getArguments()[0]) rootsOf(e.getArguments()[0]!, out, depth + 1);
    return out;
  }
  if (Node.isElementAccessExpression(e)) return rootsOf(e.getExpression(), out, depth + 1);
  if (Node.isIdentifier(e) || Node.isPropertyAccessExpression(e)) {
    const d = declOf(e);
    if (!d || out.has(d)) return out;
    out.add(d);
    // a local initialised from another pointer views the same memory
    if (Node.isVariableDeclaration(d) && d.getInitializer()) rootsOf(d.getInitializer()!, out, depth + 1);
    if (Node.isPropertyAccessExpression(e)) rootsOf(e.getExpression(), new Set(), depth + 1);
  }
  return out;
}

/** The function (or method, constructor) a node is in. */
function functionOf(n: Node): Node | undefined {
  return n.getFirstAncestor((a) => Node.isFunctionDeclaration(a) || Node.isMethodDeclaration(a) || Node.isConstructorDeclaration(a) || Node.isArrowFunction(a));
}

/** Where, inside `fn`, the memory of `roots` may be freed, reused or re-pointed: calls that take it, assignments of its pointer. */
function killsIn(fn: Node, roots: Set<Node>): Node[] {
  const out: Node[] = [];
  fn.forEachDescendant((n) => {
    if (Node.isCallExpression(n)) {
      if (intrinsicOf(n)) return;
      if (n.getArguments().some((a) => [...rootsOf(a, new Set())].some((r) => roots.has(r)))) out.push(n);
    } else if (Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      const left = n.getLeft();
      const d = Node.isIdentifier(left) || Node.isPropertyAccessExpression(left) ? declOf(left) : undefined;
      if (d && roots.has(d)) out.push(n);
    }
  });
  return out;
}

/** The loops around `n`, innermost first, up to its function. */
function loopsAround(n: Node): Node[] {
  const out: Node[] = [];
  for (let p = n.getParent(); p && !Node.isFunctionLikeDeclaration(p); p = p.getParent()) if (Node.isIterationStatement(p)) out.push(p);
  return out;
}

/** A plain C function (not one Lua calls, whose return is pushed before the function ends). */
function isPlainC(fn: Node): boolean {
  // the binding's own tests, so both passes agree on which functions Lua calls
  if (Node.isFunctionDeclaration(fn)) return !(isLuaModuleFile(fn.getSourceFile()) && fn.isExported());
  if (Node.isMethodDeclaration(fn)) return isCOnly(fn);
  return false;
}

export function checkLifetimes(files: readonly SourceFile[], bag: DiagnosticBag): void {
  for (const sf of files) {
    sf.forEachDescendant((n) => {
      if (Node.isCallExpression(n) && intrinsicOf(n) === "bytesFrom") checkView(n, bag);
    });
  }
}

function checkView(view: CallExpression, bag: DiagnosticBag): void {
  const ptrArg = view.getArguments()[0];
  if (!ptrArg) return;
  let at: Node = view;
  while (Node.isParenthesizedExpression(at.getParent()!)) at = at.getParent()!;
  const parent = at.getParent()!;
  const fn = functionOf(view);
  const roots = rootsOf(ptrArg, new Set());
  let holder: Node | undefined;
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === at) holder = parent;
  else if (Node.isBinaryExpression(parent) && parent.getRight() === at && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = parent.getLeft();
    const d = Node.isIdentifier(left) ? declOf(left) : undefined;
    if (d && Node.isVariableDeclaration(d) && functionOf(d) === fn && fn) holder = d;
    else {
      bag.add(diagnosticAt(parent, "ViewLifetime", `a byte string made by bytesFrom() is kept here, where the compiler cannot follow it to check that '${ptrArg.getText()}' outlives it: keep it in a local variable, or pass it on directly`));
      return;
    }
  } else if (Node.isReturnStatement(parent) && fn && isPlainC(fn)) {
    returnsLocal(parent, roots, fn, ptrArg, bag);
    return;
  } else return; // passed on directly: read at once
  if (!fn || !Node.isVariableDeclaration(holder)) return;
  // the kills after the view first: the one a message names is the likeliest culprit
  const kills = killsIn(fn, roots).sort((a, b) => Number(b.getStart() > view.getEnd()) - Number(a.getStart() > view.getEnd()));
  const holderLoops = loopsAround(holder);
  const viewLoops = loopsAround(view);
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id === holder.getNameNode() || declOf(id) !== holder) continue;
    const p = id.getParent();
    if (Node.isBinaryExpression(p) && p.getLeft() === id && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) continue;
    // the loops that carry the view of one iteration to a use in the next: around the view and the use, not the variable
    const carrying = loopsAround(id).filter((l) => viewLoops.includes(l) && !holderLoops.includes(l));
    if (id.getStart() <= view.getStart() && !carrying.length) continue;
    const kill = kills.find((k) =>
      (k.getStart() > view.getEnd() && k.getStart() < id.getStart())
      || loopsAround(k).some((l) => carrying.includes(l)));
    if (kill) {
      bag.add(diagnosticAt(id, "ViewLifetime", `'${id.getText()}' views the memory of '${ptrArg.getText()}' (bytesFrom() makes no copy), which '${kill.getText().split("\n")[0]}' on line ${kill.getStartLineNumber()} may free or reuse before this use: use it before, or copy the bytes`));
      return;
    }
    if (Node.isReturnStatement(p) && isPlainC(fn)) returnsLocal(p, roots, fn, ptrArg, bag);
  }
}

/** A plain C function returning a view of its own local array: the memory ends with the function. */
function returnsLocal(ret: Node, roots: Set<Node>, fn: Node, ptrArg: Node, bag: DiagnosticBag): void {
  const local = [...roots].find((r) => Node.isVariableDeclaration(r) && functionOf(r) === fn);
  if (!local || !Node.isVariableDeclaration(local)) return;
  bag.add(diagnosticAt(ret, "ViewLifetime", `returns a byte string that views '${ptrArg.getText()}', the memory of the local '${local.getName()}', which ends with the function: return it from a Lua function (pushed before the end), or keep the memory in the caller`));
}
