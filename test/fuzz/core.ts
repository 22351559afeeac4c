/**
 * Random programs of tsc2c's core subset, for the differential fuzzer: every
 * integer width with its wrap, shift and division rules, doubles, structs with
 * array fields, fixed arrays, pointers (and null), byte buffers (calloc'd
 * Ptr<uint8> stores, which wrap alike in C and in a Uint8Array), loops with break/continue,
 * switch, C strings and byte strings, pure functions and struct mutators.
 *
 * A program only does what the subset promises Node and C agree on
 * (docs/language.md, "What is not checked"): integer arithmetic is always
 * inside a conversion to its type (no overflow without one), divisors are
 * non-zero literals (never -1), indices are masked to the array, doubles stay
 * far below 2^63 before a conversion, chars are never used. Every local is
 * printed before its block ends (so it is used and its value compared).
 */
import { Random } from "./random.ts";

export type IntT = "int" | "int8" | "int16" | "int32" | "uint8" | "uint16" | "uint32";
const INT_TYPES: IntT[] = ["int", "int8", "int16", "int32", "uint8", "uint16", "uint32"];
const RANGE: Record<IntT, [number, number]> = {
  int: [-2147483648, 2147483647], int32: [-2147483648, 2147483647], int8: [-128, 127], int16: [-32768, 32767],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295],
};
const isUnsigned32 = (t: IntT): boolean => t === "uint32";

type VarT = IntT | "double" | "bool";
interface Var { name: string; t: VarT; mutable: boolean }
interface StructDef { name: string; fields: { name: string; t: IntT }[]; arr: { name: string; t: IntT } }
interface StructVar { name: string; s: StructDef }
interface ArrayVar { name: string; t: IntT }
interface Fn { name: string; params: IntT[]; ret: IntT }
interface Mutator { name: string; s: StructDef }

/** printf's conversion for a value of type t */
const fmt = (t: VarT): string => (t === "double" ? "%.3f" : isUnsigned32(t as IntT) ? "%u" : "%d");

export function generateCore(rng: Random): string {
  return new CoreGen(rng).program();
}

class CoreGen {
  private lines: string[] = [];
  private depth = 0;
  private scopes: { vars: Var[]; structs: StructVar[]; arrays: ArrayVar[] }[] = [];
  private structs: StructDef[] = [];
  private fns: Fn[] = [];
  private mutators: Mutator[] = [];
  private n = 0;
  /** set while the body of a loop is generated: break/continue allowed */
  private inLoop = 0;
  private budget = 0;
  /** inside a pure function: values are folded into its result (`acc`), not printed, and nothing outside is written */
  private pure = false;

  constructor(private readonly r: Random) {}

  private fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }

  private emit(s: string): void {
    this.lines.push("  ".repeat(this.depth) + s);
  }

  private all(k: "vars"): Var[];
  private all(k: "structs"): StructVar[];
  private all(k: "arrays"): ArrayVar[];
  private all(k: "vars" | "structs" | "arrays"): unknown[] {
    return this.scopes.flatMap((s) => s[k] as unknown[]);
  }

  program(): string {
    const head = [`import { printf } from "${"__DECL__"}/stdio.js";`, `import { strlen } from "${"__DECL__"}/string.js";`, `import { calloc, free } from "${"__DECL__"}/stdlib.js";`, ""];
    const nStructs = this.r.int(0, 2);
    for (let i = 0; i < nStructs; i++) this.structDef();
    const nFns = this.r.int(0, 3);
    for (let i = 0; i < nFns; i++) this.function();
    for (const s of this.structs) if (this.r.chance(0.6)) this.mutator(s);
    this.emit("export function main(): void {");
    this.block(() => {
      for (const t of ["int", this.r.pick(INT_TYPES)] as IntT[]) {
        const name = this.fresh("v");
        this.emit(`let ${name}: ${t} = ${this.literal(t)};`);
        this.scopes[this.scopes.length - 1]!.vars.push({ name, t, mutable: true });
      }
      this.budget = this.r.int(8, 22);
      while (this.budget-- > 0) this.statement();
      // every function is called at least once
      for (const f of this.fns) this.emit(`printf("${f.name} ${fmt(f.ret)}\\n", ${f.name}(${f.params.map((p) => this.intExpr(p, 1)).join(", ")}));`);
      if (this.mutators.length) {
        for (const m of this.mutators) {
          const sv = this.structLocal(m.s);
          this.emit(`${m.name}(${sv.name}, ${this.intExpr("int", 1)});`);
          this.printStruct(sv);
        }
      }
    });
    this.emit("}");
    return [...head, ...this.lines, ""].join("\n");
  }

  /** Runs `body` in a new scope; prints every scalar it declared at its end (uses them all). */
  private block(body: () => void): void {
    this.depth++;
    this.scopes.push({ vars: [], structs: [], arrays: [] });
    body();
    const scope = this.scopes[this.scopes.length - 1]!;
    this.printVars(scope.vars);
    for (const s of scope.structs) this.printStruct(s);
    for (const a of scope.arrays) this.use(`${a.name} ${fmt(a.t)} ${fmt(a.t)} ${fmt(a.t)} ${fmt(a.t)}`, [0, 1, 2, 3].map((i) => [`${a.name}[${i}]`, a.t] as const));
    this.scopes.pop();
    this.depth--;
  }

  /**
   * Uses values: in main, printf with `format`; in a pure function, folds each into
   * its `acc` (a double through a conversion, a bool as 0/1).
   */
  private use(format: string, values: (readonly [string, VarT])[]): void {
    if (!this.pure) {
      const args = values.map(([e, t]) => (t === "bool" ? `${e} ? 1 : 0` : e));
      this.emit(`printf("${format}\\n", ${args.join(", ")});`);
      return;
    }
    for (const [e, t] of values) {
      const v = t === "bool" ? `(${e} ? 1 : 0)` : t === "double" ? `int32((${e}) / 1024)` : e;
      this.emit(`acc = int32(acc ^ ${v});`);
    }
  }

  private printVars(vars: Var[]): void {
    for (let i = 0; i < vars.length; i += 4) {
      const group = vars.slice(i, i + 4);
      this.use(group.map((v) => `${v.name}=${fmt(v.t)}`).join(" "), group.map((v) => [v.name, v.t] as const));
    }
  }

  private printStruct(sv: StructVar): void {
    const f = sv.s.fields;
    this.use(`${sv.name} ${f.map((x) => fmt(x.t)).join(" ")} ${fmt(sv.s.arr.t)} ${fmt(sv.s.arr.t)}`,
      [...f.map((x) => [`${sv.name}.${x.name}`, x.t] as const), [`${sv.name}.${sv.s.arr.name}[0]`, sv.s.arr.t] as const, [`${sv.name}.${sv.s.arr.name}[3]`, sv.s.arr.t] as const]);
  }

  // ---- declarations ----

  private structDef(): void {
    const name = `S${this.structs.length}`;
    const n = this.r.int(1, 3);
    const fields = Array.from({ length: n }, (_, i) => ({ name: `f${i}`, t: this.r.pick(INT_TYPES) }));
    const s: StructDef = { name, fields, arr: { name: "arr", t: this.r.pick(INT_TYPES) } };
    this.structs.push(s);
    this.lines.push(`interface ${name} {`, ...fields.map((f) => `  ${f.name}: ${f.t};`), `  ${s.arr.name}: FixedArray<${s.arr.t}, 4>;`, "}", "");
  }

  /** A pure function: parameters and locals only. */
  private function(): void {
    const name = this.fresh("fn");
    const params = Array.from({ length: this.r.int(1, 3) }, () => this.r.pick(INT_TYPES));
    const ret = this.r.pick(INT_TYPES);
    this.emit(`function ${name}(${params.map((t, i) => `p${i}: ${t}`).join(", ")}): ${ret} {`);
    this.depth++;
    this.pure = true;
    this.scopes.push({ vars: [], structs: [], arrays: [] });
    this.emit("let acc: int32 = 0;");
    // the parameters are variables comparisons can use (read-only: never assigned)
    this.scopes[this.scopes.length - 1]!.vars.push(...params.map((t, i) => ({ name: `p${i}`, t, mutable: false })));
    this.budget = this.r.int(1, 5);
    while (this.budget-- > 0) this.statement();
    const scope = this.scopes.pop()!;
    this.printVars(scope.vars);
    this.emit(`return ${ret}(${["acc", ...params.map((_, i) => `p${i}`)].join(" ^ ")});`);
    this.pure = false;
    this.depth--;
    this.emit("}");
    this.emit("");
    this.fns.push({ name, params, ret });
  }

  /** A function that changes a struct through its (by-reference) parameter. */
  private mutator(s: StructDef): void {
    const name = this.fresh("mut");
    this.emit(`function ${name}(p: ${s.name}, v: int): void {`);
    this.depth++;
    const f = this.r.pick(s.fields);
    this.emit(`p.${f.name} = ${f.t}(p.${f.name} + v);`);
    this.emit(`p.${s.arr.name}[v & 3] = ${s.arr.t}(p.${s.arr.name}[int32(v + 1) & 3]! ^ v);`);
    this.depth--;
    this.emit("}");
    this.emit("");
    this.mutators.push({ name, s });
  }

  private structLocal(s: StructDef): StructVar {
    const name = this.fresh("s");
    const init = s.fields.map((f) => `${f.name}: ${this.literal(f.t)}`);
    const arr = this.r.chance(0.5) ? `fill(4, ${this.literal(s.arr.t)})` : `[${[0, 1, 2, 3].map(() => this.literal(s.arr.t)).join(", ")}]`;
    this.emit(`const ${name}: ${s.name} = { ${[...init, `${s.arr.name}: ${arr}`].join(", ")} };`);
    const sv = { name, s };
    this.scopes[this.scopes.length - 1]!.structs.push(sv);
    return sv;
  }

  // ---- statements ----

  private statement(): void {
    const printing = !this.pure;
    const vars = this.all("vars");
    const mutable = vars.filter((v) => v.mutable);
    const structs = this.all("structs");
    const arrays = this.all("arrays");
    const k = this.r.int(0, 18);
    switch (k) {
      case 0: case 1: case 2: {
        const t = this.r.pick(INT_TYPES);
        const name = this.fresh("v");
        this.emit(`let ${name}: ${t} = ${this.intExpr(t, 2)};`);
        this.scopes[this.scopes.length - 1]!.vars.push({ name, t, mutable: true });
        return;
      }
      case 3: case 4: {
        const v = mutable.length ? this.r.pick(mutable) : undefined;
        if (!v) return this.statement();
        let rhs: string;
        do {
          rhs = v.t === "double" ? this.doubleExpr(2) : v.t === "bool" ? this.boolExpr(2) : this.intExpr(v.t, 3);
        } while (rhs === v.name); // clang's -Wself-assign
        this.emit(`${v.name} = ${rhs};`);
        return;
      }
      case 5: {
        const name = this.fresh("d");
        this.emit(`let ${name}: double = ${this.doubleExpr(2)};`);
        this.scopes[this.scopes.length - 1]!.vars.push({ name, t: "double", mutable: true });
        return;
      }
      case 6: {
        const name = this.fresh("b");
        this.emit(`let ${name}: bool = ${this.boolExpr(2)};`);
        this.scopes[this.scopes.length - 1]!.vars.push({ name, t: "bool", mutable: true });
        return;
      }
      case 7: {
        this.emit(`if (${this.boolExpr(2)}) {`);
        this.nested();
        if (this.r.chance(0.5)) {
          this.emit("} else {");
          this.nested();
        }
        this.emit("}");
        return;
      }
      case 8: {
        if (this.depth > 4) return;
        const i = this.fresh("i");
        this.emit(`for (let ${i}: int = 0; ${i} < ${this.r.int(0, 6)}; ${i}++) {`);
        this.inLoop++;
        this.scopes.push({ vars: [{ name: i, t: "int", mutable: false }], structs: [], arrays: [] });
        this.depth++;
        this.depth--;
        this.nested();
        this.scopes.pop();
        this.inLoop--;
        this.emit("}");
        return;
      }
      case 9: {
        if (this.depth > 4) return;
        const w = this.fresh("w");
        this.emit(`let ${w}: int = 0;`);
        this.emit(`while (${w} < ${this.r.int(0, 5)}) {`);
        this.depth++;
        this.emit(`${w}++;`);
        this.depth--;
        this.nested(false);
        this.emit("}");
        this.scopes[this.scopes.length - 1]!.vars.push({ name: w, t: "int", mutable: false });
        return;
      }
      case 10: {
        if (this.depth > 4) return;
        this.emit(`switch (${this.intExpr("int", 2)} & 3) {`);
        for (const c of this.r.chance(0.5) ? [0, 1, 2] : [1, 3]) {
          this.emit(`  case ${c}: {`);
          this.depth++;
          this.nested();
          this.depth--;
          this.emit("    break;");
          this.emit("  }");
        }
        this.emit("  default:");
        this.depth += 2;
        this.use("default %d", [["0", "int"]]);
        this.depth -= 2;
        this.emit("}");
        return;
      }
      case 11: {
        // a pure function writes no struct (a field store makes it impure)
        if (!this.structs.length || !printing) return this.statement();
        const s = this.r.pick(this.structs);
        const sv = this.structLocal(s);
        const f = this.r.pick(s.fields);
        this.emit(`${sv.name}.${f.name} = ${this.intExpr(f.t, 2)};`);
        this.emit(`${sv.name}.${s.arr.name}[${this.intExpr("int", 1)} & 3] = ${this.intExpr(s.arr.t, 2)};`);
        return;
      }
      case 12: {
        if (!printing) return this.statement();
        const t = this.r.pick(INT_TYPES);
        const name = this.fresh("a");
        const init = this.r.chance(0.5) ? `fill(4, ${this.literal(t)})` : `[${[0, 1, 2, 3].map(() => this.literal(t)).join(", ")}]`;
        this.emit(`const ${name}: FixedArray<${t}, 4> = ${init};`);
        this.emit(`${name}[${this.intExpr("int", 1)} & 3] = ${this.intExpr(t, 2)};`);
        this.scopes[this.scopes.length - 1]!.arrays.push({ name, t });
        return;
      }
      case 13: {
        // a pointer to one of two structs, written through
        if (structs.length < 1 || !printing) return this.statement();
        const a = this.r.pick(structs);
        const same = structs.filter((x) => x.s === a.s);
        const b = this.r.pick(same);
        const p = this.fresh("p");
        const f = this.r.pick(a.s.fields);
        this.emit(`const ${p}: Ptr<${a.s.name}> = ${this.boolExpr(1)} ? ${a.name} : ${b.name};`);
        this.emit(`${p}.${f.name} = ${this.intExpr(f.t, 2)};`);
        const q = this.fresh("q");
        this.emit(`let ${q}: Ptr<${a.s.name}> | null = null;`);
        this.emit(`if (${this.boolExpr(1)}) ${q} = ${p};`);
        this.emit(`if (${q} !== null) ${q}.${f.name} = ${f.t}(${q}.${f.name} + 1);`);
        this.emit(`printf("${p} ${fmt(f.t)} %d\\n", ${p}.${f.name}, ${q} === null ? 0 : 1);`);
        return;
      }
      case 14: {
        if (!printing) return this.statement();
        const words = ["", "a", "tsc2c", "hello world", "x\\ty", "%d", "quote\\\"d"];
        const s = this.fresh("str");
        this.emit(`const ${s}: cstring = "${this.r.pick(words)}";`);
        this.emit(`printf("[%s] %d\\n", ${s}, int(strlen(${s})));`);
        const bname = this.fresh("bs");
        const bytesLit = this.r.pick(["", "a", "\\0b\\x7f", "\\xff\\x80z", "abc\\0"]);
        const sum = this.fresh("h");
        this.emit(`const ${bname} = bytes("${bytesLit}");`);
        this.emit(`let ${sum}: uint32 = ${this.literal("uint32")};`);
        this.emit(`for (let j: size_t = 0; j < ${bname}.length; j++) ${sum} = uint32(${sum} * 31 + ${bname}[j]!);`);
        this.emit(`printf("${bname} %d %u\\n", int(${bname}.length), ${sum});`);
        return;
      }
      case 15: {
        if (!this.mutators.length || !printing) return this.statement();
        const m = this.r.pick(this.mutators);
        const cands = structs.filter((x) => x.s === m.s);
        const sv = cands.length ? this.r.pick(cands) : this.structLocal(m.s);
        this.emit(`${m.name}(${sv.name}, ${this.intExpr("int", 2)});`);
        return;
      }
      case 17: {
        // a byte buffer (a Uint8Array under Node): stores and compound stores wrap to a byte in both
        if (!printing) return this.statement();
        const m = this.fresh("m");
        const p = this.fresh("bp");
        this.emit(`const ${m} = calloc(8, 1);`);
        this.emit(`if (${m} !== null) {`);
        this.depth++;
        this.emit(`const ${p} = castPtr<uint8>(${m});`);
        for (let i = this.r.int(1, 4); i > 0; i--) {
          const at = `${this.intExpr("int", 1)} & 7`;
          const k2 = this.r.int(0, 3);
          if (k2 === 0) this.emit(`${p}[${at}] = ${this.intExpr("uint8", 2)};`);
          else if (k2 === 1) this.emit(`${p}[${at}] ${this.r.pick(["+=", "-=", "*=", "&=", "|=", "^="])} ${this.intExpr("uint8", 2)};`);
          else if (k2 === 2) this.emit(`${p}[${at}]${this.r.pick(["++", "--"])};`);
          else this.emit(`${p}[${at}] = uint8(${p}[${this.intExpr("int", 1)} & 7]! + ${this.anyInt(1)});`);
        }
        this.emit(`printf("${p} %d %d %d %d %d %d %d %d\\n", ${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${p}[${i}]!`).join(", ")});`);
        this.emit(`free(${m});`);
        this.depth--;
        this.emit("}");
        return;
      }
      case 16: {
        if (!this.inLoop) return this.statement();
        this.emit(`if (${this.boolExpr(1)}) ${this.r.pick(["break", "continue"])};`);
        return;
      }
      default: {
        if (!vars.length) return;
        this.printVars([this.r.pick(vars)]);
        for (const a of arrays.slice(0, 1)) this.use(`${a.name}[k] ${fmt(a.t)}`, [[`${a.name}[${this.intExpr("int", 1)} & 3]`, a.t]]);
      }
    }
  }

  private nested(loopControl = true): void {
    const saved = this.inLoop;
    if (!loopControl) this.inLoop = 0;
    this.block(() => {
      const n = this.r.int(1, 3);
      for (let i = 0; i < n; i++) this.statement();
    });
    this.inLoop = saved;
  }

  // ---- expressions ----

  literal(t: IntT): string {
    const [lo, hi] = RANGE[t];
    const v = this.r.pick([lo, hi, 0, 1, -1, 2, 7, 100, -100, 255, 256, 65535, 65536, 2147483647, -2147483648, this.r.int(lo, hi)].filter((x) => x >= lo && x <= hi));
    return v < 0 ? `(${v})` : String(v);
  }

  private varsOf(t: VarT): Var[] {
    return this.all("vars").filter((v) => v.t === t);
  }

  /** Any integer expression, of a random type. */
  private anyInt(d: number): string {
    return this.intExpr(this.r.pick(INT_TYPES), d);
  }

  /** An expression of exactly type t (arithmetic always inside a conversion to t). */
  intExpr(t: IntT, d: number): string {
    const vs = this.varsOf(t);
    if (d <= 0 || this.r.chance(0.2)) return vs.length && this.r.chance(0.7) ? this.r.pick(vs).name : this.literal(t);
    const a = () => this.anyInt(d - 1);
    const k = this.r.int(0, 15);
    switch (k) {
      case 0: case 1: return `${t}(${a()} ${this.r.pick(["+", "-"])} ${a()})`;
      case 2: return `${t}(${a()} ${this.r.pick(["&", "|", "^"])} ${a()})`;
      case 3: return `${t}(${a()} * ${this.r.pick(["3", "31", "(-7)", "1000", "65599"])})`;
      case 4: return `${t}(Math.imul(${a()}, ${a()}))`;
      case 5: return `${t}(${a()} ${this.r.pick(["<<", ">>", ">>>"])} ${this.r.int(0, 31)})`;
      case 6: {
        const counts = this.all("vars").filter((v) => v.t !== "double" && v.t !== "bool");
        return counts.length ? `${t}(${a()} ${this.r.pick(["<<", ">>", ">>>"])} ${this.r.pick(counts).name})` : `${t}(~${a()})`;
      }
      case 7: case 8: {
        const lt = this.r.pick(INT_TYPES);
        const left = this.intExpr(lt, d - 1);
        // a divisor: a literal (negative only with a signed dividend), or a variable, which may be 0 or -1 (C leaves
        // both undefined; the compiler must give TypeScript's result); a `%` one is made odd: TypeScript's x % 0 is NaN
        const vs = this.varsOf(lt).map((v) => (k === 7 ? v.name : `${lt}(${v.name} | 1)`));
        const div = isUnsigned32(lt) ? (vs.length && this.r.chance(0.3) ? this.r.pick(vs) : String(this.r.int(1, 9)))
          : this.r.pick(["2", "3", "7", "10", "(-3)", "(-8)", "1", ...vs.slice(0, 2)]);
        return `${t}(${left} ${k === 7 ? "/" : "%"} ${div})`;
      }
      case 9: return `(${this.boolExpr(d - 1)} ? ${this.intExpr(t, d - 1)} : ${this.intExpr(t, d - 1)})`;
      case 10: {
        const fs = this.fns;
        if (!fs.length) return `${t}(~${a()})`;
        const f = this.r.pick(fs);
        return `${t}(${f.name}(${f.params.map((p) => this.intExpr(p, d - 1)).join(", ")}))`;
      }
      case 11: {
        const ss = this.all("structs");
        if (!ss.length) return `${t}(~${a()})`;
        const sv = this.r.pick(ss);
        if (this.r.chance(0.5)) return `${t}(${sv.name}.${this.r.pick(sv.s.fields).name})`;
        return `${t}(${sv.name}.${sv.s.arr.name}[${this.intExpr("int", d - 1)} & 3]!)`;
      }
      case 12: {
        const as = this.all("arrays");
        if (!as.length) return `${t}(~${a()})`;
        const arr = this.r.pick(as);
        return `${t}(${arr.name}[${this.intExpr("int", d - 1)} & 3]!)`;
      }
      case 13: {
        // a negated literal beyond 32 bits has no C literal (TSC2C2018): negate expressions only
        const e = a();
        return /^\(?-?\d+\)?$/.test(e) ? `${t}(~${e})` : `${t}(-${e})`;
      }
      case 14: {
        // a double converted: truncated toward zero, wrapped (bounded far below 2^63)
        return `${t}(double(${a()}) / ${this.r.pick(["3", "0.5", "(-2.5)", "1000"])})`;
      }
      default: return `${t}(${a()})`;
    }
  }

  /**
   * An operand of a comparison: never a constant (tsc2c refuses a comparison a C compiler
   * finds decided by a type's range, TSC2C2057): a variable, or an expression over one.
   */
  private cmpOperand(d: number): string {
    const ints = this.all("vars").filter((v) => v.t !== "double" && v.t !== "bool");
    if (!ints.length) return "v0";
    const v = this.r.pick(ints);
    if (d <= 0 || this.r.chance(0.5)) return v.name;
    const t = this.r.pick(INT_TYPES);
    let other = this.anyInt(d - 1);
    // `v - v` and `v ^ v` are zero to gcc: refused in comparisons (TSC2C2057)
    if (other === v.name) other = "1";
    return `${t}(${v.name} ${this.r.pick(["+", "-", "^"])} ${other})`;
  }

  /** Two different operands (`x < x` is refused, TSC2C2057) compared. */
  private comparison(d: number, ops: string[]): string {
    const a = this.cmpOperand(d);
    let b = this.cmpOperand(d);
    for (let i = 0; b === a && i < 5; i++) b = this.cmpOperand(d);
    if (b === a) b = `int(${a} + 1)`;
    return `${a} ${this.r.pick(ops)} ${b}`;
  }

  boolExpr(d: number): string {
    const bs = this.varsOf("bool");
    if (d <= 0 || this.r.chance(0.2)) return bs.length && this.r.chance(0.5) ? this.r.pick(bs).name : this.comparison(0, ["<", ">=", "===", "!=="]);
    switch (this.r.int(0, 4)) {
      case 0: return `!(${this.boolExpr(d - 1)})`;
      case 1: return `(${this.boolExpr(d - 1)}) ${this.r.pick(["&&", "||"])} (${this.boolExpr(d - 1)})`;
      case 2: {
        const x = this.doubleExpr(d - 1);
        let y = this.doubleExpr(d - 1);
        for (let i = 0; y === x && i < 5; i++) y = this.doubleExpr(d - 1);
        return y === x ? `${x} < (${y}) + 1` : `${x} ${this.r.pick(["<", ">"])} ${y}`;
      }
      default: return this.comparison(d - 1, ["<", "<=", ">", ">=", "===", "!=="]);
    }
  }

  /** A double: products only shrink (no value near 2^63 before a conversion). */
  doubleExpr(d: number): string {
    const ds = this.varsOf("double");
    if (d <= 0 || this.r.chance(0.25)) return ds.length && this.r.chance(0.6) ? this.r.pick(ds).name : this.r.pick(["0.5", "1.25", "(-3.75)", "100.0", "0.1"]);
    switch (this.r.int(0, 4)) {
      case 0: return `double(${this.anyInt(d - 1)})`;
      case 1: return `(${this.doubleExpr(d - 1)}) * ${this.r.pick(["0.5", "0.25", "(-0.75)"])}`;
      case 2: return `(${this.doubleExpr(d - 1)}) / ${this.r.pick(["4", "3", "(-8)"])}`;
      default: return `(${this.doubleExpr(d - 1)}) ${this.r.pick(["+", "-"])} (${this.doubleExpr(d - 1)})`;
    }
  }
}
