/**
 * The registry of the prelude: which declaration of `compiler/prelude/c.d.ts`
 * and `lua.d.ts` (and the one of TypeScript's own lib the subset takes,
 * `Math.imul`) is which intrinsic function, constant or binding type. Built
 * once per compile from the declarations themselves; every pass asks it by the
 * declaration a name resolves to, never by the name's text, so a program's own
 * `fill()` or `interface LuaTable` is just the program's.
 */
import { Node, ts, type Project, type Type } from "ts-morph";
import { isPrelude } from "./project.ts";

/** The integer aliases and their conversion functions (c.d.ts); their C meaning is lower/ctypes.ts's intInfo. */
const INT_NAMES = ["int", "int8", "int16", "int32", "uint8", "uint16", "uint32", "size_t", "char"] as const;

/** The prelude's types: C scalars and shapes (c.d.ts), binding types (lua.d.ts). */
const TYPE_IDS = [
  ...INT_NAMES, "double", "bool", "cstring", "Ptr", "Bytes", "FixedArray",
  "LuaState", "LuaFunction", "LuaRef", "LuaTable", "LuaString", "LuaValue", "LuaBuffer",
] as const;
export type PreludeType = (typeof TYPE_IDS)[number];

/** The prelude's functions and constants, and `Math.imul`. */
const INTRINSIC_IDS = [
  ...INT_NAMES, "double", "bytes", "bytesOf", "castPtr", "addr", "fill", "kconfig", "sizeOf", "at", "offset", "bytesFrom",
  "LUA_NOREF", "L", "callLua", "luaError", "refBytes", "cstr", "equals", "argError", "argIndex",
  "isTable", "isString", "isNumber", "isBoolean", "isFunction", "isNil", "pairs", "posted",
  "Math.imul",
  // the methods of the LuaBuffer class
  "LuaBuffer.addByte", "LuaBuffer.addBytes", "LuaBuffer.addString", "LuaBuffer.addNumber", "LuaBuffer.result",
] as const;
export type Intrinsic = (typeof INTRINSIC_IDS)[number];

interface Registry {
  checker: ts.TypeChecker;
  types: Map<ts.Node, PreludeType>;
  intrinsics: Map<ts.Node, Intrinsic>;
  /** the declarations of the global `Math` object (lib.es5.d.ts) */
  math: Set<ts.Node>;
  /** the declarations of the global `eval` (outside the subset) */
  evals: Set<ts.Node>;
}

const registries = new WeakMap<Project, Registry>();

function build(project: Project): Registry {
  const checker = project.getTypeChecker().compilerObject;
  const types = new Map<ts.Node, PreludeType>();
  const intrinsics = new Map<ts.Node, Intrinsic>();
  const typeIds = new Set<string>(TYPE_IDS);
  const intrinsicIds = new Set<string>(INTRINSIC_IDS);
  const unknown = (name: string) => new Error(`the prelude declares '${name}', which the compiler gives no meaning`);
  const preludes = project.getSourceFiles().filter(isPrelude);
  for (const sf of preludes) {
    for (const st of sf.compilerNode.statements) {
      if (ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st)) {
        if (!typeIds.has(st.name.text)) throw unknown(st.name.text);
        types.set(st, st.name.text as PreludeType);
      } else if (ts.isClassDeclaration(st) && st.name) {
        // a class (LuaBuffer): the type, and each method as the intrinsic `Class.method` (overloads alike)
        if (!typeIds.has(st.name.text)) throw unknown(st.name.text);
        types.set(st, st.name.text as PreludeType);
        for (const m of st.members) {
          if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name)) continue;
          const id = `${st.name.text}.${m.name.text}`;
          if (!intrinsicIds.has(id)) throw unknown(id);
          intrinsics.set(m, id as Intrinsic);
        }
      } else if (ts.isFunctionDeclaration(st) && st.name) {
        if (!intrinsicIds.has(st.name.text)) throw unknown(st.name.text);
        intrinsics.set(st, st.name.text as Intrinsic);
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !intrinsicIds.has(d.name.text)) throw unknown(d.name.getText());
          intrinsics.set(d, d.name.text as Intrinsic);
        }
      }
    }
  }
  // Math.imul: the global Math object's method, found from the prelude's scope (lib.es2015.core.d.ts)
  const math = new Set<ts.Node>();
  const mathSymbol = preludes[0] && checker.resolveName("Math", preludes[0].compilerNode, ts.SymbolFlags.Value, false);
  for (const d of mathSymbol?.declarations ?? []) math.add(d);
  const evalSymbol = preludes[0] && checker.resolveName("eval", preludes[0].compilerNode, ts.SymbolFlags.Value, false);
  const evals = new Set<ts.Node>(evalSymbol?.declarations ?? []);
  const imul = mathSymbol && checker.getTypeOfSymbol(mathSymbol).getProperty("imul");
  for (const d of imul?.declarations ?? []) intrinsics.set(d, "Math.imul");
  if (preludes.length) {
    const found = new Set<string>([...intrinsics.values(), ...types.values()]);
    const missing = [...INTRINSIC_IDS, ...TYPE_IDS].filter((i) => !found.has(i));
    if (missing.length) throw new Error(`the prelude no longer declares ${missing.join(", ")}`);
  }
  return { checker, types, intrinsics, math, evals };
}

function registryOf(node: Node): Registry {
  const project = node.getProject();
  let r = registries.get(project);
  if (!r) registries.set(project, (r = build(project)));
  return r;
}

/** The declarations a name (or `a.b`, by its name) resolves to, through imports. */
function declarationsAt(checker: ts.TypeChecker, n: ts.Node): readonly ts.Node[] {
  const at = ts.isPropertyAccessExpression(n) ? n.name : n;
  let sym = checker.getSymbolAtLocation(at);
  if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  return sym?.declarations ?? [];
}

function intrinsicIn(r: Registry, n: ts.Node): Intrinsic | undefined {
  for (const d of declarationsAt(r.checker, n)) {
    const i = r.intrinsics.get(d);
    if (i) return i;
  }
  return undefined;
}

/** The intrinsic a name, `Math.imul` or a call's callee refers to (by its declaration), else undefined. */
export function intrinsicOf(node: Node): Intrinsic | undefined {
  const n = Node.isCallExpression(node) ? node.getExpression() : node;
  if (!Node.isIdentifier(n) && !Node.isPropertyAccessExpression(n)) return undefined;
  return intrinsicIn(registryOf(n), n.compilerNode);
}

/**
 * The same for TypeScript's own nodes (passes that walk them for speed): the
 * intrinsic a call expression calls, given any ts-morph node of the same program.
 */
export function intrinsicCalled(call: ts.Node, program: Node): Intrinsic | undefined {
  if (!ts.isCallExpression(call) || !(ts.isIdentifier(call.expression) || ts.isPropertyAccessExpression(call.expression))) return undefined;
  return intrinsicIn(registryOf(program), call.expression);
}

/** Whether a name refers to the global `Math` object. */
export function isMathObject(node: Node): boolean {
  if (!Node.isIdentifier(node)) return false;
  const r = registryOf(node);
  return declarationsAt(r.checker, node.compilerNode).some((d) => r.math.has(d));
}

/** Whether a callee is the global `eval`. */
export function isGlobalEval(node: Node): boolean {
  const r = registryOf(node);
  return declarationsAt(r.checker, node.compilerNode).some((d) => r.evals.has(d));
}

/** The prelude type a declaration is (a type alias or interface of c.d.ts, lua.d.ts), else undefined. */
export function preludeTypeOf(decl: Node): PreludeType | undefined {
  return registryOf(decl).types.get(decl.compilerNode);
}

/** The prelude type a name in a type annotation refers to (`uint8` in `x: uint8`), else undefined. */
export function preludeTypeNamed(name: Node): PreludeType | undefined {
  const r = registryOf(name);
  for (const d of declarationsAt(r.checker, name.compilerNode)) {
    const t = r.types.get(d);
    if (t) return t;
  }
  return undefined;
}

/**
 * The prelude type a TypeScript type is: by the declaration of its alias
 * (`LuaString`) first, then of its own symbol (`Bytes`, `LuaTable`).
 */
export function preludeTypeOfType(t: Type, at: Node): PreludeType | undefined {
  const r = registryOf(at);
  for (const sym of [t.getAliasSymbol(), t.getSymbol()]) {
    for (const d of sym?.getDeclarations() ?? []) {
      const id = r.types.get(d.compilerNode);
      if (id) return id;
    }
  }
  return undefined;
}

/** A byte string type (`Bytes`, or `LuaString`, its binding name). */
export function isBytesType(t: Type, at: Node): boolean {
  const id = preludeTypeOfType(t, at);
  return id === "Bytes" || id === "LuaString";
}
