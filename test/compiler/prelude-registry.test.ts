/**
 * The prelude registry (compiler/load/prelude.ts): intrinsics and binding types
 * are known by the declaration a name resolves to. The program below uses the
 * prelude's own names next to declarations of its own with the same names; the
 * registry must tell them apart, and a prelude that declares something the
 * compiler gives no meaning must fail loudly (never be matched by its name).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Node, Project, SyntaxKind, ts } from "ts-morph";
import { preludeFiles } from "../../compiler/load/project.ts";
import { intrinsicOf, isBytesType, isMathObject, preludeTypeNamed, preludeTypeOfType } from "../../compiler/load/prelude.ts";

const program = `
export {};
interface LuaTable { n: number }
function fill(n: number): number { return n; }
const kconfig = (s: string): boolean => s.length > 0;
declare const x: LuaTable;
declare const y: LuaString;
const a = fill(1);
const b = kconfig("X");
const c = castPtr<uint8>(null);
const d = Math.imul(2, 3);
const e = uint8(300);
const f: FixedArray<int, 2> = [1, 2];
const g: uint8 = 0;
`;

/** A project over the real prelude files (or the given replacement of c.d.ts) and the program. */
function load(cPrelude?: string): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] },
  });
  for (const p of preludeFiles) project.createSourceFile(p, p.endsWith("c.d.ts") && cPrelude !== undefined ? cPrelude : readFileSync(p, "utf8"));
  project.createSourceFile("/work/program.ts", program);
  return project;
}

const callee = (project: Project, name: string): Node =>
  project.getSourceFileOrThrow("/work/program.ts").getVariableDeclarationOrThrow(name).getInitializerIfKindOrThrow(SyntaxKind.CallExpression);

describe("the prelude registry", () => {
  const project = load();
  const sf = project.getSourceFileOrThrow("/work/program.ts");

  it("knows the prelude's intrinsics by declaration, also Math.imul and the conversions", () => {
    expect(intrinsicOf(callee(project, "c"))).toBe("castPtr");
    expect(intrinsicOf(callee(project, "d"))).toBe("Math.imul");
    expect(intrinsicOf(callee(project, "e"))).toBe("uint8");
    const math = callee(project, "d").asKindOrThrow(SyntaxKind.CallExpression).getExpressionIfKindOrThrow(SyntaxKind.PropertyAccessExpression).getExpression();
    expect(isMathObject(math)).toBe(true);
  });

  it("takes a program's own fill() and kconfig for the program's", () => {
    expect(intrinsicOf(callee(project, "a"))).toBeUndefined();
    expect(intrinsicOf(callee(project, "b"))).toBeUndefined();
  });

  it("knows the prelude's types, and a program's own LuaTable is not one", () => {
    const typeName = (v: string) => sf.getVariableDeclarationOrThrow(v).getTypeNodeOrThrow().asKindOrThrow(SyntaxKind.TypeReference).getTypeName();
    expect(preludeTypeNamed(typeName("f"))).toBe("FixedArray");
    expect(preludeTypeNamed(typeName("g"))).toBe("uint8"); // the type alias, not the uint8() conversion of the same name
    expect(preludeTypeNamed(typeName("x"))).toBeUndefined();
    const x = sf.getVariableDeclarationOrThrow("x"), y = sf.getVariableDeclarationOrThrow("y");
    expect(preludeTypeOfType(x.getType(), x)).toBeUndefined();
    expect(preludeTypeOfType(y.getType(), y)).toBe("Bytes"); // LuaString = Bytes: TypeScript keeps no alias of an interface
    expect(isBytesType(y.getType(), y)).toBe(true);
    expect(isBytesType(x.getType(), x)).toBe(false);
  });

  it("refuses a prelude that declares what the compiler gives no meaning, or no longer declares an intrinsic", () => {
    const real = readFileSync(preludeFiles.find((p) => p.endsWith("c.d.ts"))!, "utf8");
    const extra = load(real + "\ndeclare function frobnicate(x: number): number;\n");
    expect(() => intrinsicOf(callee(extra, "c"))).toThrow("the prelude declares 'frobnicate', which the compiler gives no meaning");
    const missing = load(real.replace(/^declare function sizeOf.*$/m, ""));
    expect(() => intrinsicOf(callee(missing, "c"))).toThrow("the prelude no longer declares sizeOf");
  });
});
