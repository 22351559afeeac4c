import { printf } from "../fixtures/decl/stdio.js";

function between(x: int, lo: int, hi: int): bool {
  return x >= lo && x <= hi;
}

let calls: int = 0;
function touch(v: bool): bool {
  calls++;
  return v;
}

export function main(): void {
  for (let i: int = -1; i < 4; i++) {
    const inside = between(i, 0, 2);
    printf("%d %d %d %d\n", i, inside ? 1 : 0, !inside ? 1 : 0, inside || i === 3 ? 10 : 20);
  }
  const r1 = touch(false) && touch(true);
  const r2 = touch(true) || touch(false);
  printf("%d %d %d\n", r1 ? 1 : 0, r2 ? 1 : 0, calls);
  const a: int = 5;
  const nested = a > 3 ? (a > 4 ? 2 : 1) : 0;
  printf("%d\n", nested);
  const t: bool = true;
  printf("%d %d\n", t, !t);
}
