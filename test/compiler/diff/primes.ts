import { printf } from "../fixtures/decl/stdio.js";

const N = 100;
const sieve: FixedArray<bool, 100> = fill(N, true);

export function main(): void {
  sieve[0] = false;
  sieve[1] = false;
  for (let i: int = 2; i * i < N; i++) {
    if (!sieve[i]!) continue;
    for (let j: int = i * i; j < N; j += i) sieve[j] = false;
  }
  let count: int = 0;
  for (let i: int = 0; i < N; i++) {
    if (sieve[i]!) {
      count++;
      printf("%d ", i);
    }
  }
  printf("\n%d\n", count);
}
