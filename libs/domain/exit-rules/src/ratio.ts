/**
 * Exact rationals for rates (比率): a numerator and a positive denominator in lowest terms, never floating point.
 * Decisions compare the exact fraction against a limit; basis points (基点, 10000 bp = 100 %) are for display only.
 */
export interface Ratio {
  numerator: number;
  denominator: number;
}

export const BP_PER_UNIT = 10_000;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** numerator / denominator in lowest terms. Both safe integers, denominator > 0; otherwise RangeError. */
export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator)) throw new RangeError(`numerator must be a safe integer, got ${numerator}`);
  if (!Number.isSafeInteger(denominator) || denominator <= 0)
    throw new RangeError(`denominator must be a positive safe integer, got ${denominator}`);
  const g = gcd(BigInt(numerator), BigInt(denominator));
  const d = g === 0n ? 1n : g;
  return { numerator: Number(BigInt(numerator) / d), denominator: Number(BigInt(denominator) / d) };
}

/** Sign of (r − bp / 10000), exact: −1 below, 0 equal, 1 above. */
export function compareRatioToBp(r: Ratio, bp: number): -1 | 0 | 1 {
  if (!Number.isSafeInteger(bp)) throw new RangeError(`basis points must be a safe integer, got ${bp}`);
  const left = BigInt(r.numerator) * BigInt(BP_PER_UNIT);
  const right = BigInt(bp) * BigInt(r.denominator);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * r in basis points rounded to the nearest whole basis point, halves away from zero (四舍五入): 1/3 → 3333,
 * 1/16 → 625, 1/20000 → 1 (0.5 bp rounds up). For display; decisions use `compareRatioToBp`.
 */
export function ratioToBp(r: Ratio): number {
  const n = BigInt(r.numerator) * BigInt(BP_PER_UNIT);
  const d = BigInt(r.denominator);
  const abs = n < 0n ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return Number(n < 0n ? -q : q);
}

/** Basis points written as a percentage with two decimals: 200 → `2.00%`, 9000 → `90.00%`. */
export function formatBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A ratio written for people: `3/150 (2.00%)`. */
export function formatRatio(r: Ratio): string {
  return `${r.numerator}/${r.denominator} (${formatBp(ratioToBp(r))})`;
}
