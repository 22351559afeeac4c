import { printf } from "../fixtures/decl/stdio.js";

// Constructs the program generator found broken (npm run fuzz, seed 11, long runs):
// a uint32 constant that C read as a signed int (run 1, program 584: signed overflow), an
// unsigned sum made signed around a conditional, which gcc misreports as an overflow (422, 485,
// 500), and constants made narrower that gcc folds and misreports the same way (run 2, programs
// 661, 1217, 1321: an unsigned constant expression; 1394: a constant double).
function sum16(a: int, s: int): uint16 {
  return uint16(int16(a >> s) + uint32(2147483647));
}

function low2(b: bool): int {
  return int(int16(255 / (-3)) - (b ? 2 : 66)) & 3;
}

function low2neg(x: int16, y: int16): int {
  return int(-(x === y ? 100 : 0)) & 3;
}

function low2mul(p: int, q: int): int {
  return int(Math.imul(uint32(~65535), (p < q ? 127 : (-1)))) & 3;
}

function narrowConstants(): int {
  const a: FixedArray<int16, 2> = fill(2, 0);
  a[1] = int16(7 - uint32(255 - 7));
  const v: int16 = int16(uint32(255) * (-7));
  const b: int8 = int8(1 - uint32(102));
  return int(a[1]!) + int(v) + int(b) + (int(int16(double(2147483647) / 3) % 10) & 3);
}

export function main(): void {
  printf("%d\n", narrowConstants());
  printf("%d %d %d\n", sum16(100, 0), sum16(100, 3), sum16(-1, 0));
  printf("%d %d\n", low2(true), low2(false));
  printf("%d %d\n", low2neg(int16(1), int16(1)), low2neg(int16(1), int16(2)));
  printf("%d %d\n", low2mul(1, 2), low2mul(2, 1));
  switch (int(int16(255 / (-3)) - (sum16(1, 0) > 0 ? 2 : 66)) & 3) {
    case 1: printf("one\n"); break;
    default: printf("other\n");
  }
}
