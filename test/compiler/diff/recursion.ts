import { printf } from "../fixtures/decl/stdio.js";

function fib(n: int): int {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function ack(m: int, n: int): int {
  if (m === 0) return n + 1;
  if (n === 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

function gcd(a: uint32, b: uint32): uint32 {
  return b === 0 ? a : gcd(b, a % b);
}

function isEven(n: int): bool {
  return n === 0 ? true : isOdd(n - 1);
}
function isOdd(n: int): bool {
  return n === 0 ? false : isEven(n - 1);
}

export function main(): void {
  for (let i: int = 0; i < 15; i++) printf("%d ", fib(i));
  printf("\n%d %d %d\n", ack(1, 2), ack(2, 3), ack(3, 3));
  printf("%u %u %u\n", gcd(48, 18), gcd(17, 5), gcd(4294967295, 65535));
  printf("%d %d\n", isEven(10), isOdd(7));
}
