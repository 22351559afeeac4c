// tsc2c: --line-directives
import { printf } from "../fixtures/decl/stdio.js";

function twice(x: int): int {
  return x * 2;
}

export function main(): void {
  printf("%d\n", twice(21));
}
