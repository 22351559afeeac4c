/**
 * @luaModule fieldinit
 *
 * Issue 21: a @userdata field of a struct type with an initialiser is set in
 * the constructor with a compound literal, `self->slot = (Slot){ ... }` (a
 * brace list alone is not C there); fields named like C keywords included.
 */

interface Slot {
  default: int;
  char: int;
  size: int;
}

interface Range {
  lo: int;
  hi: int;
}

/** @userdata fieldinit.holder */
export class Holder {
  slot: Slot = { default: 7, char: 8, size: 0 };
  range: Range = { lo: -3, hi: 3 };
  zero: Range = { lo: 0, hi: 0 };
  count: int = 2;

  constructor(extra: int) {
    this.range.hi = this.range.hi + extra;
  }

  /** the fields as one number: default, char, size, lo, hi, zero, count */
  digits(): int {
    return this.slot.default * 1000000 + this.slot.char * 100000 + this.slot.size * 10000
      + (this.range.lo + 5) * 1000 + this.range.hi * 100 + (this.zero.lo + this.zero.hi) * 10 + this.count;
  }
}
