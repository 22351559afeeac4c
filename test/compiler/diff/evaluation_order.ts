import { printf } from "../fixtures/decl/stdio.js";

// C evaluates arguments in an unspecified order (gcc: right to left): calls with
// side effects go through locals, in the order TypeScript evaluates them.
let counter: int = 0;

function next(): int {
  counter++;
  return counter;
}

function square(x: int): int {
  let y: int = x;
  y *= x;
  return y;
}

function pair(a: int, b: int): int {
  return a * 10 + b;
}

export function main(): void {
  const a = next();
  const b = next();
  printf("%d %d %d\n", a, b, pair(a, b));
  // pure functions may share an argument list
  printf("%d %d %d\n", square(3), square(4), pair(square(1), square(2)));
  printf("%d\n", pair(next(), 7));
}
