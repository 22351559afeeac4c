import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let s: uint16 = 65530;
  let t: int16 = 32760;
  for (let i: int = 0; i < 10; i++) {
    s = uint16(s + 1);
    t = int16(t + 1);
    printf("%u %d\n", s, t);
  }
  const n: int = 70000;
  printf("%u %d %u\n", uint16(n), int16(n), uint16(-n));
}
