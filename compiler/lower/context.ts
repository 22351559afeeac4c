import type { Node, SourceFile } from "ts-morph";
import type { CExpr, CStmt, CTopLevel } from "../cast/ast.ts";
import { CompileError, DiagnosticBag, diagnosticAt, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DiagnosticKind } from "../diagnostics/codes.ts";
import type { CType } from "./ctypes.ts";
import { FrameNames, frameNodes } from "./frame.ts";

/** A lowered expression with its C type; `value` when it is a compile-time integer. */
export interface Typed {
  c: CExpr;
  t: CType;
  value?: bigint;
  /** true when the expression names a struct held by value (a local or a field), not through a pointer */
  structValue?: boolean;
}

/** What a declaration became in C. */
export interface SymbolInfo {
  cname: string;
  type: CType;
  /** a compile-time constant (const enum member, literal module const) */
  constValue?: bigint;
  kind: "local" | "param" | "static" | "function" | "extern" | "enum-member";
  /** for functions: parameter types and whether the last one is variadic */
  fn?: { ret: CType; params: CType[]; variadic: boolean };
}

/**
 * Hooks the binding pass installs: it gives meaning to the Lua types and
 * intrinsics (LuaFunction, callLua, ...) without the core lowering knowing Lua.
 */
export interface LoweringExtension {
  /** returns a lowered call, or undefined to let the core handle it */
  lowerCall?(ctx: LowerContext, node: Node, args: Node[]): Typed | undefined;
  /** an assignment to a target of Lua type (e.g. a LuaRef field) */
  lowerAssign?(ctx: LowerContext, node: Node, target: Typed, value: Node): CExpr | undefined;
  /** an expression statement with a meaning of its own (callLua(...)), or undefined */
  lowerStatement?(ctx: LowerContext, expr: Node): CStmt[] | undefined;
  /** last look at a plain function's body (e.g. to note that it uses the Lua state) */
  wrapFunctionBody?(ctx: LowerContext, fn: Node, body: CStmt[], cname: string): CStmt[];
  /** a for...of loop (the binding's walk over a Lua table), or undefined */
  lowerForOf?(ctx: LowerContext, node: Node): CStmt[] | undefined;
  /** a break/continue/return as lowered; the binding may add statements that undo what the loops it leaves pushed */
  lowerJump?(ctx: LowerContext, node: Node, lowered: CStmt[]): CStmt[] | undefined;
  /** an identifier the binding gives meaning to (L, a union parameter), or undefined */
  lowerIdentifier?(ctx: LowerContext, node: Node): Typed | undefined;
}

export class LowerContext {
  readonly symbols = new Map<Node, SymbolInfo>();
  readonly includes = new Set<string>();
  readonly helpers = new Map<string, CTopLevel[]>();
  /** struct, enum and typedef definitions in dependency order */
  readonly typeDefs: CTopLevel[] = [];
  readonly definedTypes = new Set<string>();
  /** declarations the binding lowers itself (Lua functions): the core skips them */
  readonly claimed = new Set<Node>();
  /** the declaration of the function being lowered (the caller of the calls it makes) */
  currentFunction: Node | undefined;
  /**
   * Every call to a function of the program, with its argument list: the
   * binding passes the Lua state down these edges after lowering (an
   * argument is added in place, so the list is kept, not copied).
   */
  readonly calls: { caller: Node | undefined; callee: Node; args: CExpr[] }[] = [];
  /** functions of the program used as values (C callbacks), where they are named */
  readonly functionValues = new Map<Node, Node>();
  /** the return type of the function being lowered */
  returnType: CType | undefined;
  /** the userdata struct of the method being lowered (`this` is `self`) */
  selfType: CType | undefined;
  /** set inside Lua C functions: turns `return x` into a push and `return 1` */
  luaReturn: ((value: CExpr | undefined) => CStmt[]) | undefined;
  /** a division node a conversion call allows (int32(a / b)) */
  allowedDivision: Node | undefined;
  extension: LoweringExtension | undefined;
  /** C names and signatures of class methods callable from C (set by the binding pass) */
  methodInfo: ((m: Node) => { cname: string; params: CType[]; ret: CType } | undefined) | undefined;

  constructor(readonly bag: DiagnosticBag, readonly sources: SourceFile[]) {}

  private readonly frames = new Map<Node | undefined, FrameNames>();

  /** A C name the current function's generated code introduces (`self`, `arg`...): one no identifier of the function spells. */
  frameName(want: string): string {
    const fn = this.currentFunction;
    let f = this.frames.get(fn);
    if (!f) this.frames.set(fn, (f = new FrameNames(fn ? frameNodes(fn) : [])));
    return f.name(want);
  }

  error(node: Node, kind: DiagnosticKind, ...args: string[]): Diagnostic {
    const d = diagnosticAt(node, kind, ...args);
    this.bag.add(d);
    return d;
  }

  /** Reports and aborts the current declaration. */
  fail(node: Node, kind: DiagnosticKind, ...args: string[]): never {
    throw new CompileError(this.error(node, kind, ...args));
  }

  include(header: string): void {
    this.includes.add(header);
  }

  /** Registers a helper emitted once, only when something uses it. */
  useHelper(name: string, make: () => CTopLevel[]): void {
    if (!this.helpers.has(name)) this.helpers.set(name, make());
  }
}
