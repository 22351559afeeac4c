import { printf } from "../fixtures/decl/stdio.js";

// Divisors known only at run time: 0 and -1 are undefined in C (an ESP32 reboots), and TypeScript
// gives int32(a / 0) = 0, int32(INT_MIN / -1) = INT_MIN, a % -1 = 0: the C must print the same.
function div32(a: int32, b: int32): int32 {
  return int32(a / b);
}

function mod32(a: int32, b: int32): int32 {
  return a % b;
}

function divU(a: uint32, b: uint32): uint32 {
  return uint32(a / b);
}

function div16(a: int16, b: int16): int32 {
  return int32(a / b);
}

export function main(): void {
  const min = int32(-2147483647 - 1);
  printf("%d %d %d %d %d\n", div32(min, -1), div32(7, 0), div32(-7, 0), div32(0, 0), div32(-7, 2));
  printf("%d %d %d %d\n", mod32(min, -1), mod32(7, -1), mod32(-7, 2), mod32(7, -3));
  printf("%u %u %u\n", divU(7, 0), divU(4000000000, 3), divU(0, 0));
  printf("%d %d\n", div16(int16(-32768), int16(-1)), div16(int16(5), int16(0)));
  let n: int32 = 1000;
  for (let d: int32 = -2; d <= 2; d++) n = n + div32(n, d) + mod32(n, d === 0 ? 7 : d);
  printf("%d\n", n);
}
