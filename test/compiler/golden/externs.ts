import { printf, putchar } from "../fixtures/decl/stdio.js";
import { abs, RAND_MAX } from "../fixtures/decl/stdlib.js";
import { strcmp } from "../fixtures/decl/string.js";

/** Declared C functions and constants: each header included once, in a stable order. */
export function main(): void {
  const same = strcmp("a", "a") === 0;
  printf("%d %d %d\n", abs(-3), RAND_MAX > 0, same);
  putchar(10);
}
