import { printf } from "../fixtures/decl/stdio.js";

/** The smallest program: one declared C function, main. */
export function main(): void {
  printf("hello, %s! %d\n", "world", 42);
}

/** A lone '?' is written as it is; the second of "??" is escaped, or "??(" would be a trigraph. */
export function ask(): void {
  printf("ready? ??(\n");
}
