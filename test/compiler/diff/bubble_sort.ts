import { printf } from "../fixtures/decl/stdio.js";

function sort(a: FixedArray<int32, 10>): void {
  for (let i: int = 0; i < a.length; i++) {
    for (let j: int = 0; j < a.length - 1 - i; j++) {
      if (a[j]! > a[j + 1]!) {
        const t = a[j]!;
        a[j] = a[j + 1]!;
        a[j + 1] = t;
      }
    }
  }
}

export function main(): void {
  const a: FixedArray<int32, 10> = [5, -3, 9, 0, 2147483647, -2147483648, 7, 7, 1, -1];
  sort(a);
  for (let i: int = 0; i < a.length; i++) printf("%d ", a[i]);
  printf("\n");
}
