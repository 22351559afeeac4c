import { printf } from "../fixtures/decl/stdio.js";

function show(a: int, b: int): void {
  printf("%d / %d = %d, %d %% %d = %d\n", a, b, int32(a / b), a, b, a % b);
}

export function main(): void {
  show(7, 2);
  show(-7, 2);
  show(7, -2);
  show(-7, -2);
  show(0, 5);
  show(-1, 7);
  show(100, 7);
  const u: uint32 = 4000000000;
  const d: uint32 = 7;
  printf("%u %u\n", uint32(u / d), u % d);
  printf("%d\n", int32((-17) / 5));
  const x: uint8 = 200;
  printf("%d %d\n", uint8(x / 3), x % 3);
}
