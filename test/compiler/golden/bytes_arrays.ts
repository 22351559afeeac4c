import { printf } from "../fixtures/decl/stdio.js";
import { strlen } from "../fixtures/decl/string.js";

const table: FixedArray<uint8, 4> = [1, 2, 4, 8];
let scratch: FixedArray<int, 16> = fill(16, 0);

function sum(b: Bytes): uint32 {
  let s: uint32 = 0;
  for (let i: size_t = 0; i < b.length; i++) s = uint32(s + b[i]!);
  return s;
}

export function main(): void {
  const packet = bytes("\x10\0ab\xff");
  const name: cstring = "broker\t\"local\"";
  const fromC = bytesOf(name);
  scratch[3] = table[2]!;
  printf("%u %zu %u %zu %d\n", sum(packet), packet.length, sum(fromC), strlen(name), scratch[3]);
}
