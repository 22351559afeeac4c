import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let a: int32 = 2147483600;
  for (let i: int = 0; i < 4; i++) {
    a = int32(a + 20);
    printf("%d\n", a);
  }
  const b: int32 = -2147483600;
  printf("%d\n", int32(b - 100));
  const m: int32 = 65536;
  printf("%d\n", int32(m * 32768));
  let h: int32 = 0;
  const s = "hash me";
  const data = bytesOf(s);
  for (let i: size_t = 0; i < data.length; i++) {
    h = int32(h * 31 + data[i]!);
  }
  printf("%d\n", h);
}
