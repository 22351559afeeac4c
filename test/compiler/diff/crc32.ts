import { printf } from "../fixtures/decl/stdio.js";

function crc32(data: Bytes): uint32 {
  let crc: uint32 = 0xffffffff;
  for (let i: size_t = 0; i < data.length; i++) {
    crc = uint32(crc ^ data[i]!);
    for (let k: int = 0; k < 8; k++) {
      const mask: uint32 = uint32(-(crc & 1));
      crc = uint32((crc >>> 1) ^ (0xedb88320 & mask));
    }
  }
  return uint32(~crc);
}

export function main(): void {
  printf("%08x\n", crc32(bytes("123456789")));
  printf("%08x\n", crc32(bytes("")));
  printf("%08x\n", crc32(bytes("The quick brown fox jumps over the lazy dog")));
  printf("%08x\n", crc32(bytes("\0\0\0\0")));
}
