import { printf } from "../fixtures/decl/stdio.js";

interface Slot {
  key: int;
  count: uint32;
}

const slots: FixedArray<Slot, 4> = fill(4, { key: -1, count: 0 });

function hit(key: int): void {
  for (let i: int = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (s.key === key || s.key === -1) {
      s.key = key;
      s.count++;
      return;
    }
  }
}

export function main(): void {
  hit(3); hit(5); hit(3); hit(9); hit(3); hit(5); hit(11); hit(12);
  for (let i: int = 0; i < slots.length; i++) printf("%d:%u ", slots[i]!.key, slots[i]!.count);
  printf("\n");
}
