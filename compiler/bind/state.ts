import type { ClassDeclaration, Node } from "ts-morph";
import { call, exprStmt, id, member, named, type CExpr, type CStmt, type CTopLevel } from "../cast/ast.ts";
import type { LowerContext, Typed } from "../lower/context.ts";
import { base, describe, toSpec, type CType } from "../lower/ctypes.ts";
import { declarationOf } from "../lower/symbols.ts";
import type { BoundParam } from "./args.ts";
import type { LuaTask } from "./luatask.ts";
import type { ModuleModel } from "./model.ts";
import { TableWalks } from "./pairs.ts";
import { ResultsLists } from "./results.ts";
import { useArgHelpers } from "./helpers.ts";
import { LuaFunctionFrame } from "./frame.ts";
import { tableProblem, valueKindOf } from "./kinds/index.ts";

/** What the binding pass knows about the module, shared by its parts. */
export class BindState {
  readonly classStruct = new Map<ClassDeclaration, CType>();
  readonly taskByDecl = new Map<Node, LuaTask>();
  /** the pairs() loops */
  readonly walks = new TableWalks(this);
  /** the results lists of functions that return a rest of values */
  readonly results = new ResultsLists(this);
  /** plain C functions (not Lua C functions) by declaration, with their C names */
  readonly plainFns = new Map<Node, string>();
  /** the plain C functions whose own body touches Lua (they take the caller's state: luastate.ts) */
  readonly directL = new Set<Node>();
  /** the Lua C functions of the closures the function being lowered returns (closures.ts), emitted before it */
  readonly closures: CTopLevel[] = [];

  readonly classes: ClassDeclaration[];

  constructor(readonly ctx: LowerContext, readonly model: ModuleModel) {
    this.classes = model.classes.map((c) => c.node);
    for (const c of model.classes) this.classStruct.set(c.node, c.struct);
  }

  /** Emits one of the fixed C helpers (helpers.ts) once. */
  useHelper(name: Parameters<typeof useArgHelpers>[1]): void {
    useArgHelpers(this.ctx, name);
  }


  /**
   * The Lua state in generated code: always the `L` of the call. A Lua C
   * function has it as its parameter; a plain function that uses it is given
   * it as its first parameter by every caller (luastate.ts).
   */
  L(): CExpr {
    const frame = this.ctx.frame;
    if (frame && !(frame instanceof LuaFunctionFrame)) this.directL.add(frame.node);
    return id("L");
  }

  /** The Lua C function being lowered, if the current function is one. */
  get luaFn(): LuaFunctionFrame | undefined {
    const frame = this.ctx.frame;
    return frame instanceof LuaFunctionFrame ? frame : undefined;
  }

  /** The userdata class a (pointer) type is, if any. */
  userdataOf(t: CType): ClassDeclaration | undefined {
    const b = base(t);
    const s = b.k === "ptr" ? base(b.to) : b;
    if (s.k !== "struct") return undefined;
    return this.classes.find((c) => c === s.decl);
  }

  /**
   * Pushes a value; a computed byte string goes through a temporary so it is
   * evaluated once, and so does a table's value that is no lvalue (an object
   * or array literal, a call's result): its push helper reads it by address.
   */
  pushStmts(v: Typed, at: Node): CStmt[] {
    const k = base(v.t).k;
    if ((k === "struct" || k === "array") && !this.userdataOf(v.t) && (v.c.kind === "init" || v.c.kind === "compound" || v.c.kind === "call")) {
      const pushed = this.ctx.frameName("pushed");
      const init = v.c.kind === "compound" ? v.c.init : v.c;
      return [{ kind: "block", body: [
        { kind: "decl", type: toSpec(v.t), name: pushed, init },
        exprStmt(this.pushValue({ c: id(pushed), t: v.t, structValue: true }, at)),
      ] }];
    }
    if (base(v.t).k === "bytes" && v.c.kind !== "ident" && v.c.kind !== "member") {
      const pushed = this.ctx.frameName("pushed");
      return [{ kind: "block", body: [
        { kind: "decl", type: named("tsc2c_bytes"), name: pushed, init: v.c },
        exprStmt(call("lua_pushlstring", this.L(), member(id(pushed), "ptr"), member(id(pushed), "len"))),
      ] }];
    }
    return [exprStmt(this.pushValue(v, at))];
  }

  /** One value onto the Lua stack, as its kind pushes it (kinds/); a userdata goes through its weak self-ref. */
  pushValue(v: Typed, at: Node): CExpr {
    const b = base(v.t);
    // an interface parameter of a plain C function is a pointer to the caller's value (never NULL: not a Ptr<T>)
    if (b.k === "ptr" && base(b.to).k === "struct" && !this.userdataOf(v.t) && at.getType().getProperty("__pointee") === undefined) {
      return this.pushValue({ c: { kind: "unary", op: "*", operand: v.c }, t: b.to, structValue: true }, at);
    }
    const kind = valueKindOf(v.t, this.userdataOf(v.t) !== undefined);
    if (!kind) return this.ctx.fail(at, "BindingReturn", describe(v.t), "a value handed to Lua is a number, an integer, a bool, a string (LuaString, cstring), null, a userdata or a table (an interface, a FixedArray)");
    const problem = kind.lua === "table" ? tableProblem(v.t, describe(v.t)) : undefined;
    if (problem) return this.ctx.fail(at, "BindingReturn", describe(v.t), problem);
    return kind.value.push(this.L(), v.c, base(v.t), this.ctx);
  }

  /** The argument of the Lua C function being lowered that an identifier names, if any. */
  paramOf(node: Node): BoundParam | undefined {
    const d = declarationOf(node);
    return d && this.luaFn ? this.luaFn.params.get(d) : undefined;
  }

  /** An argument's stack index (a function or table argument's value is its index). */
  indexOf(b: BoundParam): CExpr {
    const only = b.locals.size === 1 ? [...b.locals.entries()][0]! : undefined;
    if (only && (only[0] === "function" || only[0] === "table" || (only[0] === "value" && b.index.kind !== "int"))) {
      this.luaFn!.usedIndex.add(only[1].cname);
      return id(only[1].cname);
    }
    return b.index;
  }
}
