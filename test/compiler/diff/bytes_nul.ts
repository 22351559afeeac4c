import { printf } from "../fixtures/decl/stdio.js";

function checksum(b: Bytes): uint32 {
  let sum: uint32 = 0;
  for (let i: size_t = 0; i < b.length; i++) {
    sum = uint32(sum * 31 + b[i]!);
  }
  return sum;
}

export function main(): void {
  const b = bytes("ab\0cd\0\xff\x01");
  printf("%zu\n", b.length);
  for (let i: size_t = 0; i < b.length; i++) printf("%d ", b[i]);
  printf("\n%u\n", checksum(b));
  const empty = bytes("");
  printf("%zu %u\n", empty.length, checksum(empty));
  let zeros: int = 0;
  for (let i: size_t = 0; i < b.length; i++) {
    if (b[i] === 0) zeros++;
  }
  printf("%d\n", zeros);
}
