import { printf } from "../fixtures/decl/stdio.js";

// FixedArray fields: fill() and array literals inside struct literals, mutation through a pointer
interface Buf { data: FixedArray<uint8, 4>; len: int }
function push(b: Buf, v: uint8): void {
  b.data[b.len] = v;
  b.len++;
}
export function main(): void {
  const b: Buf = { data: fill(4, 0), len: 0 };
  const c: Buf = { data: [9, 8, 7, 6], len: 4 };
  push(b, 7);
  push(b, 250);
  printf("%d %d %d %d %d\n", b.len, b.data[0], b.data[1], c.data[3], b.data.length);
}
