import { printf, putchar } from "../fixtures/decl/stdio.js";

interface Flag {
  name: cstring;
  on: bool;
  weight: uint16;
}

const names: FixedArray<cstring, 4> = ["retain", "dup", "qos1", "qos2"];

function describe(f: Flag): void {
  printf("%-6s %d %u\n", f.name, f.on, f.weight);
}

export function main(): void {
  const flags: FixedArray<Flag, 4> = fill(4, { name: "", on: false, weight: 0 });
  for (let i: int = 0; i < flags.length; i++) {
    const f = flags[i]!;
    f.name = names[i]!;
    f.on = i % 2 === 1;
    f.weight = uint16(i * 20000);
  }
  for (let i: size_t = 4; i > 0; i--) describe(flags[i - 1]!);
  const a: uint16 = 65535;
  const b: uint16 = 65535;
  printf("%u %u %d\n", uint32(a * b), uint16(a * b), int16(a + 1));
  const byte: uint8 = 255;
  printf("%d %d\n", byte << 24, (byte << 24) >> 24);
  for (let c: int = 65; c < 70; c++) putchar(c);
  putchar(10);
}
