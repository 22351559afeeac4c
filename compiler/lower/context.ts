import type { Node, SourceFile, VariableDeclaration } from "ts-morph";
import type { CExpr, CStmt, CTopLevel } from "../cast/ast.ts";
import { CompileError, DiagnosticBag, diagnosticAt, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DiagnosticKind } from "../diagnostics/codes.ts";
import type { CType } from "./ctypes.ts";
import { FrameNames, frameNodes, type FunctionFrame } from "./frame.ts";

/** A lowered expression with its C type; `value` when it is a compile-time integer. */
export interface Typed {
  c: CExpr;
  t: CType;
  value?: bigint;
  /** true when the expression names a struct held by value (a local or a field), not through a pointer */
  structValue?: boolean;
  /** an element of a `Ptr<uint8>`: a store into it keeps the low 8 bits, in C (the conversion) as under Node (a Uint8Array) */
  byteStore?: boolean;
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
  /** a local declaration with a meaning of its own (`const b = new LuaBuffer()`, a results list, `const r = callLua(...)`), or undefined */
  lowerLocal?(ctx: LowerContext, d: VariableDeclaration): CStmt[] | undefined;
  /** an expression statement with a meaning of its own (callLua(...)), or undefined */
  lowerStatement?(ctx: LowerContext, expr: Node): CStmt[] | undefined;
  /** last look at a plain function's body (e.g. to note that it uses the Lua state) */
  wrapFunctionBody?(ctx: LowerContext, fn: Node, body: CStmt[], cname: string): CStmt[];
  /** a for...of loop (the binding's walk over a Lua table), or undefined */
  lowerForOf?(ctx: LowerContext, node: Node): CStmt[] | undefined;
  /** a break/continue/return as lowered; the binding may add statements that undo what the loops it leaves pushed */
  lowerJump?(ctx: LowerContext, node: Node, lowered: CStmt[]): CStmt[] | undefined;
  /** `p !== undefined` of an optional parameter: whether its argument was given; undefined for any other node */
  lowerGiven?(ctx: LowerContext, node: Node): CExpr | undefined;
  /** `v !== null` of a value of a binding type (`k: "lua"`) */
  lowerPresent?(ctx: LowerContext, v: Typed): CExpr | undefined;
  /** an identifier the binding gives meaning to (L, a union parameter), or undefined */
  lowerIdentifier?(ctx: LowerContext, node: Node): Typed | undefined;
  /** a property or element access the binding gives meaning to (`args.length`, `args[i]` of varargs), or undefined */
  lowerAccess?(ctx: LowerContext, node: Node): Typed | undefined;
  /** `a === b` / `a !== b` where one side is a binding value (a LuaValue compared with true), or undefined */
  lowerEquality?(ctx: LowerContext, node: Node, op: "==" | "!=", left: Node, right: Node): Typed | undefined;
  /** a block as lowered: the binding may add what undoes what its declarations pushed */
  lowerBlockEnd?(ctx: LowerContext, block: Node, lowered: CStmt[]): CStmt[];
}

/** How a compile was asked to lower. */
export interface LowerOptions {
  /** size policies (bind/policies.ts) turned off, to measure what each saves */
  disabledPolicies: ReadonlySet<string>;
}

export class LowerContext {
  readonly symbols = new Map<Node, SymbolInfo>();
  readonly includes = new Set<string>();
  readonly helpers = new Map<string, CTopLevel[]>();
  /** the helpers that use the program's own types (a table push reads a struct): printed after the type definitions */
  readonly helpersAfterTypes = new Set<string>();
  /** struct, enum and typedef definitions in dependency order */
  readonly typeDefs: CTopLevel[] = [];
  readonly definedTypes = new Set<string>();
  /** declarations the binding lowers itself (Lua functions): the core skips them */
  readonly claimed = new Set<Node>();
  /** the function being lowered (frame.ts), undefined at file level */
  frame: FunctionFrame | undefined;
  /**
   * Every call to a function of the program, with its argument list: the
   * binding passes the Lua state down these edges after lowering (an
   * argument is added in place, so the list is kept, not copied).
   */
  readonly calls: { caller: Node | undefined; callee: Node; args: CExpr[] }[] = [];
  /** functions of the program used as values (C callbacks), where they are named */
  readonly functionValues = new Map<Node, Node>();
  /** a division node a conversion call allows (int32(a / b)): scoped to the conversion's operand, not to a function */
  allowedDivision: Node | undefined;
  extension: LoweringExtension | undefined;
  /** C names and signatures of class methods callable from C (set by the binding pass) */
  methodInfo: ((m: Node) => { cname: string; params: CType[]; ret: CType } | undefined) | undefined;

  constructor(readonly bag: DiagnosticBag, readonly sources: SourceFile[], readonly options: LowerOptions = { disabledPolicies: new Set() }) {}

  /** each function's name allocator, kept if the function is entered again */
  private readonly names = new Map<Node | undefined, FrameNames>();

  /** The name allocator of a function's generated code (undefined: file level). */
  namesOf(fn: Node | undefined): FrameNames {
    let f = this.names.get(fn);
    if (!f) this.names.set(fn, (f = new FrameNames(fn ? frameNodes(fn) : [])));
    return f;
  }

  /** Runs `lower` inside `frame`: the frame is left however lowering ends (a diagnostic aborts a declaration). */
  withFrame<T>(frame: FunctionFrame, lower: () => T): T {
    const outer = this.frame;
    this.frame = frame;
    try {
      return lower();
    } finally {
      this.frame = outer;
    }
  }

  /** A C name the current function's generated code introduces (`self`, `arg`...): one no identifier of the function spells. */
  frameName(want: string): string {
    return (this.frame?.names ?? this.namesOf(undefined)).name(want);
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
  useHelper(name: string, make: () => CTopLevel[], afterTypes = false): void {
    if (this.helpers.has(name)) return;
    this.helpers.set(name, make());
    if (afterTypes) this.helpersAfterTypes.add(name);
  }
}
