import { printf } from "../fixtures/decl/stdio.js";

let calls: int = 0;

function classify(n: int): int {
  calls++;
  if (n < 0) return -1;
  let r: int = 0;
  for (let i: int = 0; i < n; i++) {
    if (i % 2 === 0) continue;
    if (i > 7) break;
    r += i;
  }
  let k: int = n;
  while (k > 100) k -= 100;
  do {
    k++;
  } while (k < 3);
  return r > k ? r : k;
}

export function main(): void {
  const ok: bool = classify(5) > 0 || classify(-1) < 0;
  printf("%d %d %d\n", ok, !ok, calls);
}
