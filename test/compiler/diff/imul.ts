import { printf } from "../fixtures/decl/stdio.js";

function lcg(seed: uint32): uint32 {
  return uint32(Math.imul(seed, 1664525) + 1013904223);
}

export function main(): void {
  printf("%d %d %d\n", Math.imul(3, 4), Math.imul(-5, 12), Math.imul(0x7fffffff, 2));
  const big: int32 = 0x12345678;
  printf("%d\n", Math.imul(big, big));
  let s: uint32 = 42;
  for (let i: int = 0; i < 8; i++) {
    s = lcg(s);
    printf("%u\n", s);
  }
}
