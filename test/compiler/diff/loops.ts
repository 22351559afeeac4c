import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let sum: int = 0;
  for (let i: int = 0; i < 100; i++) {
    if (i % 7 === 0) continue;
    if (i > 50) break;
    sum += i;
  }
  printf("for %d\n", sum);
  let n: int = 27;
  let steps: int = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? int32(n / 2) : 3 * n + 1;
    steps++;
  }
  printf("collatz %d\n", steps);
  let k: int = 10;
  do {
    k -= 3;
    printf("%d ", k);
  } while (k > 0);
  printf("\n");
  let once: int = 0;
  do {
    once++;
  } while (false);
  printf("%d\n", once);
  let outer: int = 0;
  for (let i: int = 0; i < 5; i++) {
    for (let j: int = 0; j < 5; j++) {
      if (j > i) break;
      outer += j;
    }
  }
  printf("%d\n", outer);
  let w: int = 0;
  for (;;) {
    w++;
    if (w >= 3) break;
  }
  printf("%d\n", w);
}
