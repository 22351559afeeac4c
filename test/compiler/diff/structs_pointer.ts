import { printf } from "../fixtures/decl/stdio.js";

interface Counter {
  hits: int;
  misses: int;
  last: int;
}

function record(c: Counter, hit: bool, value: int): void {
  if (hit) c.hits++;
  else c.misses++;
  c.last = value;
}

function total(c: Counter): int {
  return c.hits + c.misses;
}

function pick(a: Counter, b: Counter): Ptr<Counter> {
  return a.hits >= b.hits ? a : b;
}

export function main(): void {
  const a: Counter = { hits: 0, misses: 0, last: -1 };
  const b: Counter = { hits: 0, misses: 0, last: -1 };
  for (let i: int = 0; i < 10; i++) {
    record(i % 3 === 0 ? a : b, i % 2 === 0, i);
  }
  printf("%d %d %d %d\n", a.hits, a.misses, a.last, total(a));
  printf("%d %d %d %d\n", b.hits, b.misses, b.last, total(b));
  const best = pick(a, b);
  best.last = 99;
  printf("%d %d\n", a.last, b.last);
}
