// A writable byte buffer: `p[i] = v` and compound stores on a Ptr<uint8> wrap to a byte,
// in C (the conversion of the store) as under Node (a Uint8Array).
import { printf } from "../fixtures/decl/stdio.js";
import { calloc, free } from "../fixtures/decl/stdlib.js";

const N: int = 24;

/** A byte string's sum over a pointer another function wrote. */
function sum(p: Ptr<uint8>, n: int): int {
  let s: int = 0;
  for (let i: int = 0; i < n; i++) s += p[i]!;
  return s;
}

function scramble(p: Ptr<uint8>, n: int, key: uint8): void {
  for (let i: int = 0; i < n; i++) {
    p[i] ^= key;
    p[i] += uint8(i * 13);
    if (i % 3 === 0) p[i] *= 7;
    if (i % 4 === 1) p[i] -= 200;
  }
}

export function main(): void {
  const m = calloc(size_t(N), 1);
  if (m === null) return;
  const p = castPtr<uint8>(m);
  printf("zeroed %d\n", sum(p, N));
  for (let i: int = 0; i < N; i++) p[i] = uint8(i * 37 + 250);
  for (let i: int = 0; i < N; i++) printf("%d ", p[i]!);
  printf("\n");
  p[0] |= 0x81;
  p[1] &= 0x0f;
  p[2]++;
  p[3]--;
  p[4] %= 7;
  for (let i: int = 5; i < N; i++) p[i] += p[i - 1]!;
  scramble(p, N, 0x5a);
  // a view from byte 8 on shares the memory
  const tail = offset(p, 8);
  tail[0] = 255;
  tail[1]++;
  for (let i: int = 0; i < N; i++) printf("%d ", p[i]!);
  printf("\nsum %d tail %d\n", sum(p, N), sum(tail, N - 8));
  // a byte read into a wider value and back
  const x: int = p[5]! * 300 + p[6]!;
  p[7] = uint8(x);
  printf("%d %d\n", x, p[7]!);
  free(m);
}
