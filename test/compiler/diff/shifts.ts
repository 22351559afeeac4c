import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  const one: int = 1;
  for (let n: int = 0; n < 40; n += 3) {
    printf("%d %d %u\n", one << n, -256 >> n, -256 >>> n);
  }
  const neg: int32 = -12345;
  printf("%d %d %u\n", neg >> 4, neg << 3, neg >>> 28);
  const u: uint32 = 0x80000000;
  printf("%d %u %d\n", u >> 31, u >>> 31, u << 1);
  printf("%d %d\n", 1 << 31, (1 << 31) >> 31);
  const b: uint8 = 0xf0;
  printf("%d %d %u\n", b << 4, b >> 4, b >>> 1);
  printf("%x\n", 0x12345678 << 4);
}
