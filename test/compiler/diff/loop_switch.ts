import { printf } from "../fixtures/decl/stdio.js";

// break inside a switch leaves the switch, continue inside it goes to the loop, in both languages
export function main(): void {
  for (let i: int = 0; i < 8; i++) {
    switch (i % 4) {
      case 0:
        printf("zero ");
        break;
      case 1:
        continue;
      case 2:
      case 3:
        printf("%d ", i);
        break;
    }
    printf("| ");
  }
  printf("\n");
  let k: int = 0;
  let visits: int = 0;
  do {
    k++;
    if (k % 3 === 0) continue;
    visits++;
  } while (k < 10);
  printf("%d %d\n", k, visits);
  let n: int = 100;
  while (true) {
    n = int32(n / 3);
    if (n < 5) break;
  }
  printf("%d\n", n);
}
