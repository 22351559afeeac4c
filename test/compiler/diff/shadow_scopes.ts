import { printf } from "../fixtures/decl/stdio.js";

let value: int = 1;

function read(): int {
  return value;
}

export function main(): void {
  let x: int = 1;
  {
    const x2: int = x + 1;
    x = x2 * 10;
  }
  for (let i: int = 0; i < 2; i++) {
    const t: int = i * 100;
    x += t;
  }
  for (let i: int = 5; i < 7; i++) x += i;
  value = 42;
  printf("%d %d\n", x, read());
  const int_: int = 3;
  const char_: int = 4;
  const double_: int = 5;
  printf("%d\n", int_ + char_ + double_);
}
