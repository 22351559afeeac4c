/** Medians and the alternating A/B loop every figure of the benchmark uses. */

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Paired {
  a: number[];
  b: number[];
  medianA: number;
  medianB: number;
}

/**
 * Runs a() and b() alternately `runs` times each (A B A B ...), after `warmup`
 * unrecorded pairs, so drift on a noisy machine hits both sides alike.
 */
export async function alternate(runs: number, a: () => Promise<number>, b: () => Promise<number>, warmup = 1): Promise<Paired> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ra: number[] = [], rb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ra.push(await a());
    rb.push(await b());
  }
  return { a: ra, b: rb, medianA: median(ra), medianB: median(rb) };
}
