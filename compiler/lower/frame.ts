import { Node, ts } from "ts-morph";
import { sanitizeIdentifier } from "../print/names.ts";

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

/** What a function's own names must avoid: the function, and for a constructor (or a class without one) the field initialisers too. */
export function frameNodes(fn: Node): Node[] {
  const cls = Node.isConstructorDeclaration(fn) ? fn.getParent() : Node.isClassDeclaration(fn) ? fn : undefined;
  if (!cls || !Node.isClassDeclaration(cls)) return [fn];
  return [fn, ...cls.getProperties()];
}
