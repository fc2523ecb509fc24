/**
 * Money in integer fen (分, 1 yuan = 100 fen) — never floating point (SPEC §3.5).
 * Rates are basis points (基点): 10000 bp = 100 %.
 */

/** An amount of money in fen: a non-negative safe integer. */
export type Fen = number;
/** A rate in basis points: 10000 = 100 %. */
export type BasisPoints = number;

export const BP_PER_UNIT = 10_000;

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

export type { LocalizedMessage, RuleViolation };

/** True for a valid amount: a safe integer ≥ 0. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** True for a rate between 0 and 100 % inclusive, in whole basis points. */
export function isRateBp(value: unknown): value is BasisPoints {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= BP_PER_UNIT;
}

/**
 * Check named amounts (e.g. `{ totalCostFen, inPolicyCostFen }`): each must be a non-negative safe integer of fen.
 * Returns one violation per bad field, empty when all are valid.
 */
export function checkFenAmounts(amounts: Readonly<Record<string, unknown>>): RuleViolation[] {
  const violations: RuleViolation[] = [];
  for (const [field, value] of Object.entries(amounts)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      violations.push({
        field,
        rule: 'integer_fen',
        message: { 'zh-CN': '金额必须为整数（单位：分）', en: 'amount must be a whole number of fen' },
      });
    } else if (value < 0) {
      violations.push({
        field,
        rule: 'non_negative',
        message: { 'zh-CN': '金额不能为负数', en: 'amount must not be negative' },
      });
    }
  }
  return violations;
}

function toBigInt(value: bigint | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return BigInt(value);
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero (四舍五入), computed exactly
 * in bigint. Throws RangeError for a non-positive denominator, non-integer input or a result beyond safe integers.
 */
export function roundHalfUpDiv(numerator: bigint | number, denominator: bigint | number): number {
  const n = toBigInt(numerator, 'numerator');
  const d = toBigInt(denominator, 'denominator');
  if (d <= 0n) throw new RangeError('denominator must be positive');
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  const result = negative ? -q : q;
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('result is beyond safe integers');
  }
  return Number(result);
}

/** amountFen × rateBp / 10000, rounded half-up to whole fen (e.g. 12345 fen at 55 % → 6790). */
export function applyRateBp(amountFen: Fen, rateBp: BasisPoints): Fen {
  if (!isFen(amountFen)) throw new RangeError(`amountFen must be a non-negative safe integer, got ${amountFen}`);
  if (!isRateBp(rateBp)) throw new RangeError(`rateBp must be an integer from 0 to ${BP_PER_UNIT}, got ${rateBp}`);
  return roundHalfUpDiv(BigInt(amountFen) * BigInt(rateBp), BP_PER_UNIT);
}
