import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  const a: int32 = -6;
  const b: int32 = 11;
  printf("%d %d %d %d\n", a & b, a | b, a ^ b, ~a);
  const u: uint32 = 0xdeadbeef;
  const v: uint32 = 0x0000ffff;
  printf("%d %d %d %d\n", u & v, u | v, u ^ v, ~u);
  printf("%x %x\n", u & 0xff00ff00, uint32(u | 1));
  const m: uint8 = 0x5a;
  printf("%d %d\n", ~m, m ^ 0xff);
  let flags: int = 0;
  flags |= 4;
  flags |= 1;
  flags &= ~4;
  flags ^= 8;
  printf("%d\n", flags);
  printf("%u\n", uint32(u & 0xffff) >>> 0);
}
