import { formatYuan, isCalendarDate } from './messages';

describe('formatYuan (display of integer fen)', () => {
  it('writes yuan with two decimals', () => {
    expect(formatYuan(285_500)).toBe('2855.00');
    expect(formatYuan(294_575)).toBe('2945.75');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(-123_456)).toBe('-1234.56');
  });

  it('refuses non-integer fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2020-02-29')).toBe(true);
    expect(isCalendarDate('2019-02-29')).toBe(false);
    expect(isCalendarDate('2019-2-1')).toBe(false);
  });
});
