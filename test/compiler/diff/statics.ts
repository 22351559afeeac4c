import { printf } from "../fixtures/decl/stdio.js";

let counter: int = 0;
let total: uint32 = 0;
const STEP = 7;
const NAME: cstring = "statics";

function bump(): int {
  counter++;
  total = uint32(total + STEP);
  return counter;
}

export function main(): void {
  for (let i: int = 0; i < 5; i++) bump();
  printf("%s %d %u %d\n", NAME, counter, total, STEP);
}
