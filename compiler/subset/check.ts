import { Node, SyntaxKind, VariableDeclarationKind, type SourceFile } from "ts-morph";
import { isBytesType, isGlobalEval, preludeTypeNamed, preludeTypeOfType } from "../load/prelude.ts";
import type { DiagnosticBag } from "../diagnostics/diagnostic.ts";
import { diagnosticAt } from "../diagnostics/diagnostic.ts";
import type { DiagnosticKind } from "../diagnostics/codes.ts";
import { allowedKinds } from "./allowed.ts";
import { capturedName } from "./captures.ts";
import { isLuaClosure } from "./closures.ts";
import { isPairsLoop } from "./pairs.ts";

type Rule = (node: Node) => [DiagnosticKind, ...string[]] | undefined;

const binaryRules: Partial<Record<SyntaxKind, [DiagnosticKind, ...string[]]>> = {
  [SyntaxKind.EqualsEqualsToken]: ["LooseEquality", "==", "==="],
  [SyntaxKind.ExclamationEqualsToken]: ["LooseEquality", "!=", "!=="],
  [SyntaxKind.InKeyword]: ["InOperator"],
  [SyntaxKind.InstanceOfKeyword]: ["TypeofInstanceof", "instanceof"],
  [SyntaxKind.QuestionQuestionToken]: ["UnsupportedSyntax", "the '??' operator"],
  [SyntaxKind.CommaToken]: ["UnsupportedSyntax", "the comma operator"],
  [SyntaxKind.AsteriskAsteriskToken]: ["UnsupportedSyntax", "the '**' operator"],
};

/** Constructs with their own diagnostic; checked before the allowlist. */
const rules: Partial<Record<SyntaxKind, Rule>> = {
  [SyntaxKind.AnyKeyword]: () => ["AnyType"],
  [SyntaxKind.TryStatement]: () => ["TryCatch"],
  [SyntaxKind.ThrowStatement]: () => ["TryCatch"],
  [SyntaxKind.YieldExpression]: () => ["Generator"],
  [SyntaxKind.AwaitExpression]: () => ["Async"],
  [SyntaxKind.AsyncKeyword]: () => ["Async"],
  [SyntaxKind.ForInStatement]: () => ["ForIn"],
  [SyntaxKind.ForOfStatement]: (n) => (isPairsLoop(n) ? undefined : ["ForOf"]),
  [SyntaxKind.DeleteExpression]: () => ["Delete"],
  // a Lua function's results list, returned spread: `return [...out, next]` (bind/results.ts checks the rest)
  [SyntaxKind.SpreadElement]: (n) => (isReturnedArray(n.getParentOrThrow()) ? undefined : ["Spread"]),
  [SyntaxKind.RestType]: (n) => (isReturnedTuple(n.getParentOrThrow()) ? undefined : ["Spread"]),
  [SyntaxKind.SpreadAssignment]: () => ["Spread"],
  [SyntaxKind.ObjectBindingPattern]: () => ["Destructuring"],
  // `const [key, value]` of a pairs() loop names the two stack slots it walks
  [SyntaxKind.ArrayBindingPattern]: (n) => (isPairsLoop(n.getParentOrThrow().getParentOrThrow().getParentOrThrow()) ? undefined : ["Destructuring"]),
  [SyntaxKind.QuestionDotToken]: () => ["OptionalChaining"],
  [SyntaxKind.LabeledStatement]: () => ["LabeledStatement"],
  [SyntaxKind.TemplateExpression]: () => ["TemplateString"],
  [SyntaxKind.NoSubstitutionTemplateLiteral]: () => ["TemplateString"],
  [SyntaxKind.TaggedTemplateExpression]: () => ["TemplateString"],
  [SyntaxKind.RegularExpressionLiteral]: () => ["Regex"],
  [SyntaxKind.TypeOfExpression]: () => ["TypeofInstanceof", "typeof"],
  [SyntaxKind.TypeQuery]: () => ["TypeofInstanceof", "typeof"],
  [SyntaxKind.ModuleDeclaration]: () => ["Namespace"],
  [SyntaxKind.ExportAssignment]: () => ["ExportDefault"],
  [SyntaxKind.DefaultKeyword]: (n) => (Node.isCaseBlock(n.getParent()) ? undefined : ["ExportDefault"]),
  [SyntaxKind.GetAccessor]: () => ["GetterSetter"],
  [SyntaxKind.SetAccessor]: () => ["GetterSetter"],
  [SyntaxKind.AsExpression]: () => ["UnsupportedSyntax", "a type assertion ('as'); use a conversion function such as uint8()"],
  [SyntaxKind.TypeAssertionExpression]: () => ["UnsupportedSyntax", "a type assertion"],
  [SyntaxKind.SatisfiesExpression]: () => ["UnsupportedSyntax", "'satisfies'"],
  [SyntaxKind.Decorator]: () => ["UnsupportedSyntax", "a decorator; use a JSDoc tag"],
  // the one `new`: a string builder whose pieces live on the Lua stack (buffers.ts says where it may be)
  [SyntaxKind.NewExpression]: (n) => (preludeTypeNamed(n.asKindOrThrow(SyntaxKind.NewExpression).getExpression()) === "LuaBuffer" ? undefined : ["UnsupportedSyntax", "'new' (no hidden heap)"]),
  [SyntaxKind.ArrowFunction]: closure,
  [SyntaxKind.FunctionExpression]: closure,
  [SyntaxKind.CallExpression]: (n) => {
    const callee = n.asKindOrThrow(SyntaxKind.CallExpression).getExpression();
    return isGlobalEval(callee) ? ["Eval"] : undefined;
  },
  [SyntaxKind.FunctionDeclaration]: (n) => {
    const f = n.asKindOrThrow(SyntaxKind.FunctionDeclaration);
    if (f.isGenerator()) return ["Generator"];
    if (f.isAsync()) return ["Async"];
    if (f.getParentOrThrow().getKind() !== SyntaxKind.SourceFile) {
      const c = capturedName(f);
      return c ? ["CapturingClosure", c] : ["FunctionExpression"];
    }
    return undefined;
  },
  [SyntaxKind.MethodDeclaration]: (n) => {
    const m = n.asKindOrThrow(SyntaxKind.MethodDeclaration);
    if (m.isGenerator()) return ["Generator"];
    if (m.isAsync()) return ["Async"];
    return undefined;
  },
  [SyntaxKind.HeritageClause]: (n) =>
    n.asKindOrThrow(SyntaxKind.HeritageClause).getToken() === SyntaxKind.ExtendsKeyword &&
    Node.isClassDeclaration(n.getParent()) ? ["ClassInheritance"] : undefined,
  [SyntaxKind.ClassDeclaration]: (n) => {
    const c = n.asKindOrThrow(SyntaxKind.ClassDeclaration);
    if (c.getExtends()) return ["ClassInheritance"];
    const tagged = c.getJsDocs().some((d) => d.getTags().some((t) => t.getTagName() === "userdata"));
    return tagged ? undefined : ["ClassFeature", "add /** @userdata name */ to a class that is a Lua userdata"];
  },
  [SyntaxKind.EnumDeclaration]: (n) =>
    n.asKindOrThrow(SyntaxKind.EnumDeclaration).isConstEnum() || n.getSourceFile().isDeclarationFile() ? undefined : ["NonConstEnum"],
  [SyntaxKind.VariableDeclarationList]: (n) =>
    n.asKindOrThrow(SyntaxKind.VariableDeclarationList).getDeclarationKind() === VariableDeclarationKind.Var ? ["VarKeyword"] : undefined,
  [SyntaxKind.Parameter]: (n) => {
    const p = n.asKindOrThrow(SyntaxKind.Parameter);
    if (!p.isRestParameter()) return undefined;
    const fn = p.getParent();
    const declared = n.getSourceFile().isDeclarationFile() || (Node.isFunctionDeclaration(fn) && fn.hasDeclareKeyword());
    // `...args: LuaValue[]`: the varargs of a Lua-facing function (the binding says where they may be)
    const tn = p.getTypeNode();
    const element = tn && Node.isArrayTypeNode(tn) ? tn.getElementTypeNode() : undefined;
    const varargs = element && Node.isTypeReference(element) && preludeTypeNamed(element.getTypeName()) === "LuaValue";
    return declared || varargs ? undefined : ["Spread"];
  },
  [SyntaxKind.ElementAccessExpression]: (n) => {
    const obj = n.asKindOrThrow(SyntaxKind.ElementAccessExpression).getExpression();
    const t = obj.getType();
    const indexable = t.isArray() || t.isTuple() || t.getIntersectionTypes().some((x) => x.isArray()) ||
      isBytesType(t, n) || preludeTypeOfType(t, n) === "Ptr";
    return indexable ? undefined : ["DynamicProperty"];
  },
  [SyntaxKind.BinaryExpression]: (n) => binaryRules[n.asKindOrThrow(SyntaxKind.BinaryExpression).getOperatorToken().getKind()],
  [SyntaxKind.PrefixUnaryExpression]: () => undefined,
  [SyntaxKind.VoidExpression]: () => ["UnsupportedSyntax", "the 'void' operator"],
};

/** An array literal a return statement returns (in parentheses or not). */
function isReturnedArray(n: Node): boolean {
  let up = n.getParent();
  while (up && Node.isParenthesizedExpression(up)) up = up.getParent();
  return Node.isArrayLiteralExpression(n) && up !== undefined && Node.isReturnStatement(up);
}

/** A tuple type that is a function's declared return type. */
function isReturnedTuple(n: Node): boolean {
  const fn = n.getParent();
  return Node.isTupleTypeNode(n) && fn !== undefined && (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) && fn.getReturnTypeNode() === n;
}

function closure(n: Node): [DiagnosticKind, ...string[]] | undefined {
  if (Node.isAsyncable(n) && n.isAsync()) return ["Async"];
  if (Node.isGeneratorable(n) && n.isGenerator()) return ["Generator"];
  // returned to Lua as a LuaFunction: a C closure (its captures are the binding's to check)
  if (isLuaClosure(n)) return undefined;
  const c = capturedName(n);
  return c ? ["CapturingClosure", c] : ["FunctionExpression"];
}

const friendly: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.WithStatement]: "'with'",
  [SyntaxKind.DebuggerStatement]: "'debugger'",
  [SyntaxKind.ClassExpression]: "a class expression",
  [SyntaxKind.BigIntLiteral]: "a bigint literal",
  [SyntaxKind.ComputedPropertyName]: "a computed property name",
  [SyntaxKind.MetaProperty]: "a meta property",
  [SyntaxKind.ImportKeyword]: "dynamic import",
  [SyntaxKind.ExportDeclaration]: "an export list; export declarations directly",
  [SyntaxKind.JsxElement]: "JSX",
};

/** Walks every node of every file (reachable or not) and reports what is outside the subset. */
export function checkSubset(files: readonly SourceFile[], bag: DiagnosticBag): void {
  for (const sf of files) visit(sf, bag);
}

function visit(node: Node, bag: DiagnosticBag): void {
  const kind = node.getKind();
  const rule = rules[kind];
  const hit = rule?.(node);
  if (hit) {
    const [code, ...args] = hit;
    bag.add(diagnosticAt(node, code, ...args));
    return; // one diagnostic per construct
  }
  if (!rule && !allowedKinds.has(kind)) {
    bag.add(diagnosticAt(node, "UnsupportedSyntax", friendly[kind] ?? `syntax '${node.getKindName()}'`));
    return;
  }
  node.forEachChild((child) => visit(child, bag));
}
