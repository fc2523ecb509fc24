/** A uniform draw in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: small, fast, deterministic from a 32-bit seed, the same on every engine. Not the exit assessment's
 * xoshiro128** (`@fupin/exit-rules`, string seeds, published for re-drawing a sample): the generators draw floats
 * from numeric seeds, and their seeds' populations are the benchmarks' recorded ones.
 */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values with relative weights, their sum computed once. */
export type Weighted<T> = readonly (readonly [T, number])[] & { readonly total: number };

export function weights<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  return Object.assign([...entries], { total: entries.reduce((s, [, w]) => s + w, 0) });
}

/** Helpers over one random stream; each helper takes exactly one draw (`normal` two). */
export interface Draws {
  rnd: Random;
  /** A whole number in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  weighted<T>(entries: Weighted<T>): T;
  /** A standard normal (Box–Muller). */
  normal(): number;
}

export function draws(rnd: Random): Draws {
  return {
    rnd,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
    weighted: (entries) => {
      let x = rnd() * entries.total;
      for (const [k, w] of entries) if ((x -= w) < 0) return k;
      return entries[entries.length - 1][0];
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()),
  };
}

/** Exact counts of `total` split over `n` parts weighted 0.65–1.35 around the mean (at least one each). */
export function spread(total: number, n: number, d: Draws): number[] {
  const w = Array.from({ length: n }, () => 0.65 + d.rnd() * 0.7);
  const scale = total / w.reduce((a, b) => a + b, 0);
  const counts = w.map((x) => Math.max(1, Math.floor(x * scale)));
  for (let i = 0, diff = total - counts.reduce((a, b) => a + b, 0); diff !== 0; i = (i + 1) % n) {
    if (diff > 0) {
      counts[i]++;
      diff--;
    } else if (counts[i] > 1) {
      counts[i]--;
      diff++;
    }
  }
  return counts;
}
