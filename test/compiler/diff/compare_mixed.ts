import { printf } from "../fixtures/decl/stdio.js";

function cmp(i: int, u: uint32): void {
  printf("%d %u: %d %d %d %d\n", i, u, i < u ? 1 : 0, i === u ? 1 : 0, u > i ? 1 : 0, i >= u ? 1 : 0);
}

export function main(): void {
  cmp(-1, 1);
  cmp(-1, 4294967295);
  cmp(5, 5);
  cmp(7, 3);
  cmp(-2147483648, 0);
  const s: size_t = 3;
  const n: int = -3;
  printf("%d\n", n < s ? 1 : 0);
  const b: uint8 = 200;
  const c: int8 = -56;
  printf("%d %d\n", b > c ? 1 : 0, b === 200 ? 1 : 0);
}
