import { Node, ts } from "ts-morph";
import { sanitizeIdentifier } from "../print/names.ts";
import type { CStmt } from "../cast/ast.ts";
import type { CType } from "./ctypes.ts";

/**
 * The C names a function's generated code introduces for itself (the binding's
 * `self`, `arg`, `type`, `result`, loop counters...): each is the wanted name,
 * or that name with `_` appended until no identifier of the function spells it
 * (its parameters, its locals, the globals it reads), so no user name can be
 * shadowed or redeclared. One allocator per function; asking twice for a name
 * gives the same answer.
 */
export class FrameNames {
  private readonly taken = new Set<string>();
  private readonly given = new Map<string, string>();

  constructor(nodes: Node[]) {
    // the compiler's own nodes: no ts-morph wrapper per identifier
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n)) {
        this.taken.add(n.text);
        this.taken.add(sanitizeIdentifier(n.text));
      }
      ts.forEachChild(n, visit);
    };
    for (const n of nodes) visit(n.compilerNode);
  }

  /** The C name for the generated code's own `want`. */
  name(want: string): string {
    const known = this.given.get(want);
    if (known) return known;
    let n = want;
    while (this.taken.has(n)) n += "_";
    this.taken.add(n);
    this.given.set(want, n);
    return n;
  }
}

/**
 * The function being lowered: what its body's constructs ask of it (its
 * return type, the struct `this` points to, how a `return` is lowered) and
 * the C names its generated code introduces. The lowering enters one frame
 * per function (LowerContext.withFrame) and leaves it however lowering ends,
 * so no per-function state is set and cleared by hand.
 */
export class FunctionFrame {
  constructor(
    /** the declaration (the caller of the calls the body makes) */
    readonly node: Node,
    readonly names: FrameNames,
    readonly returnType: CType,
    /** the userdata struct of a method (`this` is `self`) */
    readonly selfType?: CType,
    /** how `return e` is lowered when not as C's return (a Lua C function pushes its results) */
    readonly returnHook?: (e: Node | undefined) => CStmt[],
  ) {}
}

/** What a function's own names must avoid: the function, and for a constructor (or a class without one) the field initialisers too. */
export function frameNodes(fn: Node): Node[] {
  const cls = Node.isConstructorDeclaration(fn) ? fn.getParent() : Node.isClassDeclaration(fn) ? fn : undefined;
  if (!cls || !Node.isClassDeclaration(cls)) return [fn];
  return [fn, ...cls.getProperties()];
}
