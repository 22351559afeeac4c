import { printf } from "../fixtures/decl/stdio.js";

function find(target: int): int {
  for (let i: int = 0; i < 100; i++) {
    if (i * i === target) return i;
    if (i * i > target) return -1;
  }
  return -2;
}

function sign(x: int): int {
  if (x < 0) {
    return -1;
  } else if (x === 0) {
    return 0;
  }
  return 1;
}

export function main(): void {
  printf("%d %d %d %d\n", find(49), find(50), find(0), find(10000));
  printf("%d %d %d\n", sign(-5), sign(0), sign(5));
}
