import { compareRatioToBp, formatBp, formatRatio, ratio, ratioToBp } from './ratio';

describe('ratio', () => {
  it('reduces to lowest terms', () => {
    expect(ratio(4, 200)).toEqual({ numerator: 1, denominator: 50 });
    expect(ratio(0, 7)).toEqual({ numerator: 0, denominator: 1 });
  });
  it('refuses a non-positive or fractional denominator and a fractional numerator', () => {
    expect(() => ratio(1, 0)).toThrow(RangeError);
    expect(() => ratio(1, -2)).toThrow(RangeError);
    expect(() => ratio(1.5, 2)).toThrow(RangeError);
  });
  it('compares exactly with basis points', () => {
    expect(compareRatioToBp(ratio(2, 100), 200)).toBe(0);
    expect(compareRatioToBp(ratio(2001, 100_000), 200)).toBe(1);
    expect(compareRatioToBp(ratio(1999, 100_000), 200)).toBe(-1);
    // beyond float precision: 1 / (2^53 − 1) is above 0 bp
    expect(compareRatioToBp(ratio(1, Number.MAX_SAFE_INTEGER), 0)).toBe(1);
  });
  it('rounds basis points half-up for display', () => {
    expect(ratioToBp(ratio(1, 3))).toBe(3333);
    expect(ratioToBp(ratio(2, 3))).toBe(6667);
    expect(ratioToBp(ratio(1, 20_000))).toBe(1);
    expect(ratioToBp(ratio(1, 20_001))).toBe(0);
    expect(ratioToBp(ratio(-1, 20_000))).toBe(-1);
  });
  it('formats percentages', () => {
    expect(formatBp(200)).toBe('2.00%');
    expect(formatBp(9000)).toBe('90.00%');
    expect(formatBp(5)).toBe('0.05%');
    expect(formatRatio(ratio(3, 150))).toBe('1/50 (2.00%)');
  });
});
