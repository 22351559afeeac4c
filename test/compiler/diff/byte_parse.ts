import { printf } from "../fixtures/decl/stdio.js";

// parse a big-endian length-prefixed packet, as an MQTT decoder does
function readU16(b: Bytes, at: size_t): uint16 {
  return uint16((b[at]! << 8) | b[at + 1]!);
}

function remainingLength(b: Bytes, at: size_t): int {
  let mult: int = 1;
  let value: int = 0;
  let i: size_t = at;
  for (;;) {
    const digit: uint8 = b[i]!;
    value += (digit & 127) * mult;
    mult *= 128;
    i++;
    if ((digit & 128) === 0) break;
  }
  return value;
}

export function main(): void {
  const pkt = bytes("\x30\xc1\x02\x00\x05hello");
  printf("type %d len %d topiclen %u\n", pkt[0]! >> 4, remainingLength(pkt, 1), readU16(pkt, 3));
  for (let i: size_t = 5; i < pkt.length; i++) printf("%c", pkt[i]);
  printf("\n");
  const big = bytes("\xff\xff\xff\x7f");
  printf("%d %u\n", remainingLength(big, 0), readU16(big, 0));
}
