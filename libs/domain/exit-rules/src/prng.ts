/**
 * A small seeded pseudo-random generator, pure and identical on every JavaScript engine (no Math.random, no
 * node:crypto): the seed string is hashed with cyrb128 to 128 bits, which seed xoshiro128**. Good statistical
 * quality for sampling; NOT cryptographic — the seed is recorded and published so anyone can re-draw the sample.
 */

/** cyrb128: a string (UTF-16 code units) → four 32-bit words. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export interface SeededRandom {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform whole number in [0, n), 1 ≤ n ≤ 2^32, without modulo bias (rejection sampling). */
  nextBelow(n: number): number;
}

const TWO_32 = 4_294_967_296;

/** xoshiro128** seeded from `cyrb128(seed)`. The same seed always yields the same sequence. */
export function seededRandom(seed: string): SeededRandom {
  let [a, b, c, d] = cyrb128(seed);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const nextBelow = (n: number): number => {
    if (!Number.isSafeInteger(n) || n < 1 || n > TWO_32)
      throw new RangeError(`n must be a whole number in 1..2^32, got ${n}`);
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % n;
    }
  };
  return { nextUint32, nextBelow };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
