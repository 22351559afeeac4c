import { printf } from "../fixtures/decl/stdio.js";

// uint8 wraps through explicit conversions, in both directions
export function main(): void {
  let b: uint8 = 250;
  for (let i: int = 0; i < 10; i++) {
    b = uint8(b + 1);
    printf("%d ", b);
  }
  printf("\n");
  let c: uint8 = 3;
  c = uint8(c - 5);
  printf("%d %d %d\n", c, uint8(256), uint8(-1));
  const big: int = 1000;
  printf("%d %d\n", uint8(big), uint8(big * 3));
}
