import { printf } from "../fixtures/decl/stdio.js";

function popcount(x: uint32): int {
  let n: int = 0;
  let v: uint32 = x;
  while (v !== 0) {
    v = uint32(v & (v - 1));
    n++;
  }
  return n;
}

function reverseBits(x: uint32): uint32 {
  let r: uint32 = 0;
  let v: uint32 = x;
  for (let i: int = 0; i < 32; i++) {
    r = uint32((r << 1) | (v & 1));
    v = v >>> 1;
  }
  return r;
}

function rotl(x: uint32, n: int): uint32 {
  return uint32((x << n) | (x >>> (32 - n)));
}

export function main(): void {
  printf("%d %d %d\n", popcount(0), popcount(0xffffffff), popcount(0x80000001));
  printf("%08x %08x\n", reverseBits(1), reverseBits(0x12345678));
  printf("%08x %08x %08x\n", rotl(0x80000001, 1), rotl(0x12345678, 8), rotl(0xabcdef01, 0));
  const isPow2 = (64 & (64 - 1)) === 0;
  printf("%d\n", isPow2 ? 1 : 0);
}
