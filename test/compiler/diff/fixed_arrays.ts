import { printf } from "../fixtures/decl/stdio.js";

const table: FixedArray<int, 5> = [10, 20, 30, 40, 50];

function sum(a: FixedArray<int, 8>): int {
  let s: int = 0;
  for (let i: int = 0; i < a.length; i++) s += a[i]!;
  return s;
}

export function main(): void {
  const a: FixedArray<int, 8> = fill(8, 3);
  printf("%d %d\n", a.length, sum(a));
  for (let i: int = 0; i < a.length; i++) a[i] = i * i;
  printf("%d %d %d\n", a[0], a[7], sum(a));
  const z: FixedArray<uint8, 4> = fill(4, 0);
  z[2] = 255;
  printf("%d %d %d %d\n", z[0], z[1], z[2], z[3]);
  let t: int = 0;
  for (let i: int = 0; i < table.length; i++) t += table[i]!;
  printf("%d %d\n", t, table.length);
}
