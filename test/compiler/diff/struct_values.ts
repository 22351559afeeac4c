import { printf } from "../fixtures/decl/stdio.js";

interface Vec {
  x: int;
  y: int;
}

// a fresh struct returned by value: TypeScript returns a new object, C a copy nobody else holds
function make(a: int): Vec {
  return { x: a, y: a * 2 };
}

function dot(a: Vec, b: Vec): int {
  return a.x * b.x + a.y * b.y;
}

function scale(v: Vec, k: int): void {
  v.x *= k;
  v.y *= k;
}

export function main(): void {
  const p: Vec = make(3);
  printf("%d %d %d\n", p.x, p.y, make(5).y);
  let q: Vec = { x: 1, y: 1 };
  printf("%d\n", dot(p, q));
  q = { x: -2, y: 7 };
  printf("%d %d\n", dot(q, p), dot({ x: 10, y: 0 }, q));
  scale(q, 3);
  const alias = q;
  scale(alias, 2);
  printf("%d %d %d %d\n", q.x, q.y, alias.x, alias.y);
}
