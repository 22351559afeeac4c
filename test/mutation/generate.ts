/**
 * Generated mutants of module-src/mqtt.ts (issue 25): operator-level changes
 * made by walking the TypeScript AST with ts-morph, so the suite is measured
 * by mistakes nobody chose, not only by the hand-picked list of mutants.ts.
 *
 * Operators (one mutant each change):
 * - `relational`: `<` <-> `<=`, `>` <-> `>=` (the boundary moves)
 * - `equality`: `===` <-> `!==`
 * - `logical`: `&&` <-> `||`
 * - `number`: a numeric literal + 1 and - 1
 * - `boolean`: `true` <-> `false`
 * - `remove`: an expression statement (a call or an assignment) left out
 * - `else`: an if's else branch dropped
 * - `swap`: two neighbouring call arguments of the same type exchanged
 *
 * Mutants are listed in source order with stable ids (operator, line, column
 * and a counter), so a seed picks the same sample from the same source.
 * Whether tsc2c and gcc accept a mutant is decided by the runner (run.ts).
 */
import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { DiagnosticBag } from "../../compiler/diagnostics/diagnostic.ts";
import { loadProgram } from "../../compiler/load/project.ts";

export interface GeneratedMutant {
  /** e.g. "relational@412:17" */
  id: string;
  operator: string;
  /** the enclosing function, "Client.publish", or "(module)" for top-level declarations */
  fn: string;
  line: number;
  column: number;
  start: number;
  end: number;
  /** the text replaced and its replacement, for the report */
  original: string;
  replace: string;
}

const SWAPPED: Partial<Record<SyntaxKind, string>> = {
  [SyntaxKind.LessThanToken]: "<=",
  [SyntaxKind.LessThanEqualsToken]: "<",
  [SyntaxKind.GreaterThanToken]: ">=",
  [SyntaxKind.GreaterThanEqualsToken]: ">",
  [SyntaxKind.EqualsEqualsEqualsToken]: "!==",
  [SyntaxKind.ExclamationEqualsEqualsToken]: "===",
  [SyntaxKind.AmpersandAmpersandToken]: "||",
  [SyntaxKind.BarBarToken]: "&&",
};

function operatorName(kind: SyntaxKind): string {
  if (kind === SyntaxKind.EqualsEqualsEqualsToken || kind === SyntaxKind.ExclamationEqualsEqualsToken) return "equality";
  if (kind === SyntaxKind.AmpersandAmpersandToken || kind === SyntaxKind.BarBarToken) return "logical";
  return "relational";
}

/** The function a node is in: methods and the constructor as Client.name, property initialisers as Client.constructor. */
export function enclosingFunction(node: Node): string {
  for (let n: Node | undefined = node; n; n = n.getParent()) {
    if (Node.isMethodDeclaration(n)) return `${n.getParentOrThrow().getSymbol()?.getName() ?? "?"}.${n.getName()}`;
    if (Node.isConstructorDeclaration(n) || Node.isPropertyDeclaration(n)) return `${n.getParentOrThrow().getSymbol()?.getName() ?? "?"}.constructor`;
    if (Node.isFunctionDeclaration(n)) return n.getName() ?? "?";
  }
  return "(module)";
}

/** Inside a type (FixedArray<cstring, 8>, a literal type): not code. */
function inType(node: Node): boolean {
  return node.getAncestors().some((a) => Node.isTypeNode(a) && !Node.isExpressionWithTypeArguments(a));
}

function formatNumber(value: number, like: string): string {
  return /^0x/i.test(like) && value >= 0 ? `0x${value.toString(16)}` : String(value);
}

/** Every mutant of `entryPath` (a module tsc2c builds), in source order. */
export function generateMutants(entryPath: string): GeneratedMutant[] {
  const bag = new DiagnosticBag();
  const program = loadProgram(entryPath, bag);
  if (!program) throw new Error(`generateMutants: ${entryPath} does not type-check:\n${bag.all.map((d) => d.message).join("\n")}`);
  return mutantsOf(program.entry);
}

function mutantsOf(sf: SourceFile): GeneratedMutant[] {
  const out: GeneratedMutant[] = [];
  const add = (operator: string, node: Node, start: number, end: number, replace: string) => {
    const { line, column } = sf.getLineAndColumnAtPos(start);
    out.push({ id: `${operator}@${line}:${column}`, operator, fn: enclosingFunction(node), line, column, start, end, original: sf.getFullText().slice(start, end), replace });
  };
  sf.forEachDescendant((node) => {
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken();
      const swapped = SWAPPED[op.getKind()];
      if (swapped) add(operatorName(op.getKind()), node, op.getStart(), op.getEnd(), swapped);
    } else if (Node.isNumericLiteral(node) && !inType(node)) {
      const v = node.getLiteralValue();
      add("number", node, node.getStart(), node.getEnd(), formatNumber(v + 1, node.getText()));
      // -1 of 0 would be a negative literal where only counts are: most are rejected, some are plain wrong types
      if (v > 0) add("number", node, node.getStart(), node.getEnd(), formatNumber(v - 1, node.getText()));
    } else if ((node.getKind() === SyntaxKind.TrueKeyword || node.getKind() === SyntaxKind.FalseKeyword) && !inType(node)) {
      add("boolean", node, node.getStart(), node.getEnd(), node.getKind() === SyntaxKind.TrueKeyword ? "false" : "true");
    } else if (Node.isExpressionStatement(node)) {
      const parent = node.getParentOrThrow();
      // in a block the statement goes with its line; as the body of an if or a loop an empty block stands in
      if (Node.isBlock(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent)) add("remove", node, node.getStart(), node.getEnd(), "");
      else add("remove", node, node.getStart(), node.getEnd(), "{}");
    } else if (Node.isIfStatement(node)) {
      const elseStatement = node.getElseStatement();
      if (elseStatement) add("else", node, node.getThenStatement().getEnd(), elseStatement.getEnd(), "");
    } else if (Node.isCallExpression(node)) {
      const args = node.getArguments();
      for (let i = 0; i + 1 < args.length; i++) {
        const [a, b] = [args[i]!, args[i + 1]!];
        if (a.getText() === b.getText() || a.getType().getText() !== b.getType().getText()) continue;
        // one edit over both arguments: the text between them (", ") stays
        const between = sf.getFullText().slice(a.getEnd(), b.getStart());
        add("swap", node, a.getStart(), b.getEnd(), `${b.getText()}${between}${a.getText()}`);
      }
    }
  });
  // ids stay unique when one place has two mutants (a number +1 and -1)
  const seen = new Map<string, number>();
  for (const m of out) {
    const n = (seen.get(m.id) ?? 0) + 1;
    seen.set(m.id, n);
    if (n > 1) m.id = `${m.id}#${n}`;
  }
  return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** The source with one generated mutant applied. */
export function applyGenerated(source: string, m: GeneratedMutant): string {
  if (source.slice(m.start, m.end) !== m.original) throw new Error(`generated mutant ${m.id}: the source changed since the mutants were made`);
  return source.slice(0, m.start) + m.replace + source.slice(m.end);
}

/** mulberry32: a small seeded PRNG, so `--seed S` draws the same order on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** All mutants in the order a seed draws them (Fisher-Yates); the runner takes them until N were valid. */
export function drawOrder<T>(items: T[], seed: number): T[] {
  const rnd = seededRandom(seed);
  const order = items.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
