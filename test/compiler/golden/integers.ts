import { printf } from "../fixtures/decl/stdio.js";

function conversions(x: int, d: number): void {
  const a: uint8 = uint8(x + 1);
  const b: int8 = int8(x);
  const c: uint16 = uint16(x * 3);
  const e: int32 = int32(x + 2147483647);
  const f: uint32 = uint32(x - 1);
  const g: int32 = int32(d);
  const q: int32 = int32(x / 3);
  printf("%d %d %u %d %u %d %d %d\n", a, b, c, e, f, g, q, x % 3);
}

function shifts(x: int32, u: uint32, n: int): void {
  printf("%d %d %u %d %u\n", x << n, x >> n, x >>> n, u >> 3, u >>> 3);
  printf("%d %d %d %d\n", x & 0xff, x | u, u ^ 1, ~u);
}

function compare(i: int, u: uint32, s: size_t): bool {
  return i < u && u >= 10 && s > 0 && i !== -1;
}

export function main(): void {
  conversions(-5, 3.75);
  shifts(-1000, 4000000000, 5);
  printf("%d %d\n", compare(1, 20, 3), Math.imul(123456, 654321));
  let counter: uint32 = 0;
  counter++;
  counter += 10;
  printf("%u\n", counter);
}
