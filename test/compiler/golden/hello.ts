import { printf } from "../fixtures/decl/stdio.js";

/** The smallest program: one declared C function, main. */
export function main(): void {
  printf("hello, %s! %d\n", "world", 42);
}
