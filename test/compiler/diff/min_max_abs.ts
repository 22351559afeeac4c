import { printf } from "../fixtures/decl/stdio.js";

function min(a: int32, b: int32): int32 {
  return a < b ? a : b;
}
function max(a: int32, b: int32): int32 {
  return a > b ? a : b;
}
function abs(a: int32): int32 {
  return a < 0 ? -a : a;
}
function clamp(x: int32, lo: int32, hi: int32): int32 {
  return max(lo, min(x, hi));
}

export function main(): void {
  printf("%d %d %d\n", min(-3, 2), max(-3, 2), abs(-2147483647));
  for (let i: int = -20; i <= 20; i += 8) printf("%d ", clamp(i, -10, 10));
  printf("\n");
  const u: uint32 = 7;
  const w: uint32 = 9;
  printf("%u\n", u > w ? u - w : w - u);
}
