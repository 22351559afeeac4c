import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let v: int8 = 120;
  for (let i: int = 0; i < 12; i++) {
    v = int8(v + 1);
    printf("%d ", v);
  }
  printf("\n");
  printf("%d %d %d %d\n", int8(128), int8(255), int8(-129), int8(0x7f));
  const x: int = -200;
  printf("%d\n", int8(x));
}
