import { printf } from "../fixtures/decl/stdio.js";

// functions as values: a callback parameter and a local holding a function pointer
function twice(x: int): int {
  return x * 2;
}
function inc(x: int): int {
  return x + 1;
}
function apply(f: (x: int) => int, v: int): int {
  return f(v);
}
export function main(): void {
  const a = apply(twice, 5);
  printf("%d %d\n", a, apply(inc, 5));
  const g: (x: int) => int = inc;
  printf("%d\n", g(10));
}
