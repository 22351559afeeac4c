import { printf } from "../fixtures/decl/stdio.js";

function average(a: number, b: number, c: number): number {
  return (a + b + c) / 3;
}

export function main(): void {
  const x: number = 1.5;
  const y: double = 2.25;
  printf("%f %f %f\n", x + y, x * y, y / x);
  printf("%.3f %.1f %.0f %.0f %.0f\n", average(1, 2, 4), 0.25, 0.5, 1.5, 2.5);
  let acc: number = 0;
  for (let i: int = 0; i < 10; i++) acc += 0.1;
  printf("%.17f\n", acc);
  printf("%f %f\n", -0.0, 1e20);
  const n: int = 7;
  printf("%.4f\n", double(n) / 2);
  printf("%d %d %d\n", int32(3.99), int32(-3.99), uint8(300.5));
  printf("%8.3f|%-8.2f|%08.2f\n", 3.14159, -2.5, 2.5);
}
