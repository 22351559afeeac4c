// tsc2c: --line-directives
import { printf } from "../fixtures/decl/stdio.js";

function twice(x: int): int {
  return x * 2;
}

export function main(): void {
  let sum: int = 0;
  for (let i: int = 0; i < 3; i++) {
    if (i % 2 === 0) {
      sum += twice(i);
    }
  }
  printf("%d\n", sum);
}
