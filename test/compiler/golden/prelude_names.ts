import { printf } from "../fixtures/decl/stdio.js";

/**
 * A program's own declarations named like the prelude's intrinsics and types
 * are its own: called and laid out as written. The compiler knows an intrinsic
 * by the declaration a name resolves to (compiler/load/prelude.ts), never by
 * the name's text.
 */
interface LuaTable { n: int; scale: int }

/** Not the prelude's fill(): a plain function, called. */
function fill(n: int, v: int): int {
  return n * 2 + v;
}

/** Not the prelude's kconfig(): its test is an ordinary `if`, not `#if`. */
function kconfig(level: int): bool {
  return level > 1;
}

/** Not the prelude's at(): reads a field of our own LuaTable struct. */
function at(t: LuaTable, i: int): int {
  return t.n * t.scale + i;
}

/** Not the binding's equals(). */
function equals(a: int, b: int): bool {
  return a === b;
}

export function main(): void {
  const t: LuaTable = { n: 3, scale: 2 };
  const x: int = fill(2, 1);
  if (kconfig(x)) printf("above one\n");
  if (!kconfig(0)) printf("zero is not above one\n");
  printf("%d %d\n", at(t, x), equals(x, 5) ? 1 : 0);
}
