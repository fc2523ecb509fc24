import { applyRateBp, checkFenAmounts, isFen, isRateBp, roundHalfUpDiv } from './fen';

describe('roundHalfUpDiv', () => {
  it('rounds halves up and the rest to nearest', () => {
    expect(roundHalfUpDiv(5, 2)).toBe(3);
    expect(roundHalfUpDiv(7, 3)).toBe(2);
    expect(roundHalfUpDiv(8, 3)).toBe(3);
    expect(roundHalfUpDiv(10n, 4n)).toBe(3);
    expect(roundHalfUpDiv(0, 7)).toBe(0);
    expect(roundHalfUpDiv(-5, 2)).toBe(-3); // half away from zero
  });

  it('is exact beyond double precision in the intermediate product', () => {
    const big = BigInt(Number.MAX_SAFE_INTEGER) * 10_000n + 4_999n; // MAX + 0.4999 → MAX
    expect(roundHalfUpDiv(big, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => roundHalfUpDiv(big, 1)).toThrow(RangeError);
  });

  it('refuses bad input', () => {
    expect(() => roundHalfUpDiv(1, 0)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1, -1)).toThrow(RangeError);
    expect(() => roundHalfUpDiv(1.5, 2)).toThrow(RangeError);
  });
});

describe('applyRateBp', () => {
  it('applies a basis-point rate half-up', () => {
    expect(applyRateBp(12_345, 5_500)).toBe(6_790); // 6789.75
    expect(applyRateBp(1, 5_000)).toBe(1); // 0.5 → 1
    expect(applyRateBp(1, 4_999)).toBe(0);
    expect(applyRateBp(100_000, 10_000)).toBe(100_000);
    expect(applyRateBp(100_000, 0)).toBe(0);
    expect(applyRateBp(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses amounts and rates out of range', () => {
    expect(() => applyRateBp(-1, 5_000)).toThrow(RangeError);
    expect(() => applyRateBp(1.5, 5_000)).toThrow(RangeError);
    expect(() => applyRateBp(100, 10_001)).toThrow(RangeError);
    expect(() => applyRateBp(100, 12.5)).toThrow(RangeError);
  });
});

describe('validation', () => {
  it('recognises fen and rates', () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isFen(-1)).toBe(false);
    expect(isFen(0.1)).toBe(false);
    expect(isFen('100')).toBe(false);
    expect(isRateBp(10_000)).toBe(true);
    expect(isRateBp(10_001)).toBe(false);
  });

  it('names each bad amount', () => {
    expect(checkFenAmounts({ totalCostFen: 100, inPolicyCostFen: -1, deductibleFen: 0.5, capFen: '9' })).toEqual([
      {
        field: 'inPolicyCostFen',
        rule: 'non_negative',
        message: expect.objectContaining({ en: 'amount must not be negative' }),
      },
      {
        field: 'deductibleFen',
        rule: 'integer_fen',
        message: expect.objectContaining({ 'zh-CN': '金额必须为整数（单位：分）' }),
      },
      { field: 'capFen', rule: 'integer_fen', message: expect.any(Object) },
    ]);
    expect(checkFenAmounts({ a: 0, b: 1 })).toEqual([]);
  });
});
