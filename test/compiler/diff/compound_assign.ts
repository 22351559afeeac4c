import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let i: int = 10;
  i += 5;
  i -= 3;
  i *= 4;
  i %= 7;
  printf("%d\n", i);
  let u: uint32 = 100;
  u += 50;
  u -= 25;
  u *= 2;
  u %= 33;
  printf("%u\n", u);
  let d: number = 1;
  d += 0.5;
  d *= 3;
  d /= 2;
  d -= 0.25;
  printf("%f\n", d);
  let b: int32 = 0x0f;
  b >>= 1;
  b &= 0x6;
  b |= 0x10;
  b ^= 0x3;
  printf("%d\n", b);
  let s: size_t = 3;
  s++;
  s += 4;
  printf("%zu\n", s);
  let pre: int = 5;
  const a = ++pre;
  const c = pre--;
  printf("%d %d %d\n", a, c, pre);
}
