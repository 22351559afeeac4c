/**
 * Where a LuaBuffer may live. A luaL_Buffer keeps the string it builds partly
 * on the Lua stack of the call (Lua 5.1 pushes a piece each time its 256 bytes
 * fill; 5.3 keeps one box there), and each of its operations expects those
 * pieces on top. So the compiler only accepts what keeps them there: one
 * buffer per function Lua calls, declared `const b = new LuaBuffer()` outside
 * any loop, used only through its methods (never stored, passed, captured),
 * never inside a pairs() loop that began after it (the walk's key and value
 * would be above the pieces), its add methods as statements and its result()
 * only as the function's (first) result. Pushes that are popped again in
 * between (a callLua(), a whole pairs() walk) leave the pieces on top, and a
 * buffer left unfinished (an error, another return) only leaves its pieces
 * below the results, which Lua drops. Anything else is a located diagnostic.
 */
import { Node, SyntaxKind, type NewExpression, type SourceFile, type VariableDeclaration } from "ts-morph";
import type { DiagnosticBag } from "../diagnostics/diagnostic.ts";
import { diagnosticAt } from "../diagnostics/diagnostic.ts";
import { intrinsicOf, preludeTypeNamed } from "../load/prelude.ts";
import { isCOnly, isLuaModuleFile } from "../bind/model.ts";
import { tagOf } from "../bind/jsdoc.ts";
import { isPairsLoop } from "./pairs.ts";

/** The function (or method, constructor, arrow function) a node is in. */
function functionOf(n: Node): Node | undefined {
  return n.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
}

/** A function Lua calls with its own stack: an exported function of a @luaModule file, or a Lua method of a @userdata class. */
function isLuaFacing(fn: Node): boolean {
  if (!isLuaModuleFile(fn.getSourceFile())) return false;
  if (Node.isFunctionDeclaration(fn)) return fn.isExported() && fn.hasBody() && tagOf(fn, "luaTask") === undefined;
  if (Node.isMethodDeclaration(fn)) {
    const cls = fn.getParent();
    return Node.isClassDeclaration(cls) && tagOf(cls, "userdata") !== undefined && !isCOnly(fn);
  }
  return false;
}

/**
 * Whether calling `fn` may call a Lua function back (a callLua() in it, or in a function of the
 * program it calls, but not in a @luaTask one: that call is a post): a callback that fails
 * leaves its error object on the stack (luaL_pcallx, as lua_pcall does).
 */
export function mayCallBack(fn: Node, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  if (tagOf(fn, "luaTask") !== undefined) return false;
  return fn.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => {
    if (intrinsicOf(c) === "callLua") return true;
    const callee = c.getExpression();
    const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    const d = target.getSymbol()?.getDeclarations()[0];
    return d !== undefined && (Node.isFunctionDeclaration(d) || Node.isMethodDeclaration(d)) && d.hasBody() && mayCallBack(d, seen);
  });
}

/**
 * Whether a name refers to the prelude's LuaBuffer class: by its declaration. A global class
 * can only be named by its own name, so other names are not looked up (every identifier of
 * a module passes here).
 */
const isBufferClass = (n: Node): boolean => n.getText() === "LuaBuffer" && preludeTypeNamed(n) === "LuaBuffer";

/** The node an expression is, seen through parentheses from outside. */
function outermost(n: Node): Node {
  while (Node.isParenthesizedExpression(n.getParent())) n = n.getParent()!;
  return n;
}

export function checkBuffers(files: readonly SourceFile[], bag: DiagnosticBag): void {
  for (const sf of files) {
    // a file that never spells the name cannot use the class (the walk below costs ~80 ms on mqtt.ts)
    if (!sf.getFullText().includes("LuaBuffer")) continue;
    const perFunction = new Map<Node | undefined, NewExpression[]>();
    sf.forEachDescendant((n) => {
      if (Node.isNewExpression(n) && isBufferClass(n.getExpression())) {
        const fn = functionOf(n);
        perFunction.set(fn, [...(perFunction.get(fn) ?? []), n]);
      } else if (Node.isTypeReference(n) && isBufferClass(n.getTypeName())) {
        // the annotation of a buffer's own declaration only: a LuaBuffer cannot be a parameter, field or result
        const d = n.getParent();
        const init = Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
        if (!(init && Node.isNewExpression(init) && isBufferClass(init.getExpression()))) {
          bag.add(diagnosticAt(n, "BindingBuffer", "the type LuaBuffer", "a LuaBuffer is a local of the function Lua calls, declared const b = new LuaBuffer(): it cannot be a parameter, a field, a result or any other variable's type"));
        }
      } else if (Node.isIdentifier(n) && isBufferClass(n)) {
        const p = n.getParent();
        if (!(Node.isNewExpression(p) && p.getExpression() === n) && !Node.isTypeReference(p) && !Node.isClassDeclaration(p)) {
          bag.add(diagnosticAt(n, "BindingBuffer", "the class LuaBuffer", "the class is only used as new LuaBuffer()"));
        }
      }
    });
    for (const [fn, news] of perFunction) {
      news.forEach((n, i) => {
        if (i > 0) bag.add(diagnosticAt(n, "BindingBuffer", "new LuaBuffer()", "a second LuaBuffer in one function: the pieces of the two would interleave on the Lua stack; build one string per function"));
        else checkDeclaration(n, fn, bag);
      });
    }
  }
}

/** `const b = new LuaBuffer()` in a function Lua calls, outside loops; then every use of `b`. */
function checkDeclaration(n: NewExpression, fn: Node | undefined, bag: DiagnosticBag): void {
  const d = outermost(n).getParent();
  const list = d?.getParent();
  if (!Node.isVariableDeclaration(d) || !Node.isIdentifier(d.getNameNode()) || !Node.isVariableDeclarationList(list)
    || list.getDeclarationKind() !== "const" || !Node.isVariableStatement(list.getParent())) {
    bag.add(diagnosticAt(n, "BindingBuffer", "new LuaBuffer()", "declare it as a local of its own: const b = new LuaBuffer()"));
    return;
  }
  if (!fn || !isLuaFacing(fn)) {
    bag.add(diagnosticAt(n, "BindingBuffer", `LuaBuffer '${d.getName()}'`, "a LuaBuffer is only built in a function Lua calls (an exported function of the @luaModule file, or a method of a @userdata class): its pieces live on that call's Lua stack, and its result is that function's"));
    return;
  }
  for (let p: Node | undefined = d.getParent(); p && p !== fn; p = p.getParent()) {
    if (Node.isIterationStatement(p)) {
      bag.add(diagnosticAt(n, "BindingBuffer", `LuaBuffer '${d.getName()}'`, "declared in a loop: each iteration would leave the pieces of the last one on the Lua stack; declare it before the loop"));
      return;
    }
  }
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id === d.getNameNode() || id.getText() !== d.getName() || id.getSymbol()?.getDeclarations()[0] !== d) continue;
    checkUse(id, d, fn, bag);
  }
  // a call that may call Lua back is a statement of its own, after which the binding puts the top back
  for (const c of fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (c.getStart() < n.getStart() || intrinsicOf(c) !== undefined || Node.isExpressionStatement(outermost(c).getParent())) continue;
    const callee = c.getExpression();
    const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    const f = target.getSymbol()?.getDeclarations()[0];
    if (f && (Node.isFunctionDeclaration(f) || Node.isMethodDeclaration(f)) && f.hasBody() && mayCallBack(f)) {
      bag.add(diagnosticAt(c, "BindingBuffer", `LuaBuffer '${d.getName()}'`, `${callee.getText()}() may call Lua back, and a callback that fails leaves its error object on the stack, above the buffer's pieces: call it as a statement of its own (the top is put back after it), before the buffer, or after its result`));
    }
  }
}

/** One use of a buffer `d` declared in `fn`: the receiver of one of its methods, in `fn`, not inside a later pairs() loop. */
function checkUse(id: Node, d: VariableDeclaration, fn: Node, bag: DiagnosticBag): void {
  const name = d.getName();
  const access = id.getParent();
  const call = access?.getParent();
  if (!Node.isPropertyAccessExpression(access) || access.getExpression() !== id || !Node.isCallExpression(call) || call.getExpression() !== access) {
    bag.add(diagnosticAt(id, "BindingBuffer", `LuaBuffer '${name}'`, "a LuaBuffer is only used through its methods, in the function that declares it: it cannot be stored, passed, compared or returned itself (return b.result())"));
    return;
  }
  if (functionOf(id) !== fn) {
    bag.add(diagnosticAt(id, "BindingBuffer", `LuaBuffer '${name}'`, "used in a nested function, which would run on another Lua stack or none"));
    return;
  }
  const pairs = id.getAncestors().find((a) => a !== fn && isPairsLoop(a) && !d.getAncestors().includes(a) && a.getAncestors().includes(fn));
  if (pairs) {
    bag.add(diagnosticAt(id, "BindingBuffer", `LuaBuffer '${name}'`, `used inside a pairs() loop (line ${pairs.getStartLineNumber()}) that began after it: the walk's key and value are above the buffer's pieces on the Lua stack; collect what the loop finds first, or build the string inside a function of its own`));
    return;
  }
  const method = intrinsicOf(call);
  if (method === "LuaBuffer.result") {
    if (!isReturned(call)) bag.add(diagnosticAt(call, "BindingBuffer", `LuaBuffer '${name}'`, "result() pushes the built string as the function's result: only return b.result(), alone or as the first of several results"));
  } else if (!Node.isExpressionStatement(outermost(call).getParent())) {
    bag.add(diagnosticAt(call, "BindingBuffer", `LuaBuffer '${name}'`, `${access.getName()}() gives no value: call it as a statement`));
  }
}

/** `return b.result()`, `return c ? b.result() : null`, or the first of `return [b.result(), ...]`: the first value the return pushes. */
function isReturned(call: Node): boolean {
  let e = outermost(call);
  let p = e.getParent();
  if (Node.isConditionalExpression(p) && p.getCondition() !== e) {
    e = outermost(p);
    p = e.getParent();
  }
  if (Node.isArrayLiteralExpression(p) && p.getElements()[0] === e) {
    e = outermost(p);
    p = e.getParent();
  }
  return Node.isReturnStatement(p);
}
