import { printf } from "../fixtures/decl/stdio.js";

export function main(): void {
  let u: uint32 = 4294967290;
  for (let i: int = 0; i < 10; i++) {
    u = uint32(u + 1);
    printf("%u ", u);
  }
  printf("\n");
  const z: uint32 = 0;
  printf("%u %u\n", uint32(z - 1), uint32(-5));
  const k: int = -1;
  printf("%u %x\n", uint32(k), uint32(k));
  let fnv: uint32 = 2166136261;
  const data = bytes("fnv-1a hash");
  for (let i: size_t = 0; i < data.length; i++) {
    fnv = uint32(fnv ^ data[i]!);
    fnv = uint32(Math.imul(fnv, 16777619));
  }
  printf("%u %08x\n", fnv, fnv);
}
