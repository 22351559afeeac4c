/**
 * The fuzzer's randomness: a small seeded generator (mulberry32), one stream per
 * (seed, program index), so program i of seed s is the same on every run and
 * can be regenerated alone for a repro.
 */
export class Random {
  private state: number;

  constructor(seed: number, index: number) {
    // mix the two numbers so neighbouring seeds and indices give unrelated streams
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 0x632be5ab, 0xc2b2ae35);
    h ^= h >>> 16;
    this.state = h >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
