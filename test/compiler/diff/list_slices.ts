import { printf } from "../fixtures/decl/stdio.js";

// Lists (T[]): slices clamp as JavaScript's do, and a list reads the elements it views.
interface Pair {
  a: int;
  b: int;
}

function total(xs: int[]): int {
  let s: int = 0;
  for (let i: size_t = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function show(xs: int[]): void {
  printf("[%zu:", xs.length);
  for (let i: size_t = 0; i < xs.length; i++) printf(" %d", xs[i]);
  printf("]\n");
}

function pairs(ps: Pair[]): int {
  let s: int = 0;
  for (let i: size_t = 0; i < ps.length; i++) s += ps[i]!.a * ps[i]!.b;
  return s;
}

export function main(): void {
  const a: FixedArray<int, 5> = [1, 2, 3, 4, 5];
  show(a);
  show(a.slice());
  show(a.slice(2));
  show(a.slice(-2));
  show(a.slice(9));
  show(a.slice(1, 3));
  show(a.slice(3, 1));
  show(a.slice(0, -1));
  show(a.slice(-3, -1));
  for (let end: int = -7; end <= 7; end++) printf("%d:%d ", end, total(a.slice(1, end)));
  printf("\n");
  show([7, 8, 9]);
  show([]);
  const ps: FixedArray<Pair, 3> = [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }];
  printf("%d %d\n", pairs(ps), pairs(ps.slice(1, 2)));
  a[0] = 10;
  show(a.slice(0, 2));
}
