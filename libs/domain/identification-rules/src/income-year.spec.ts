import { incomeYearOf, incomeYearRange, isInIncomeYear } from './income-year';

describe('income year (收入年度, 1 Oct – 30 Sep)', () => {
  it('names the year by the calendar year in which it ends', () => {
    expect(incomeYearOf('2019-09-30')).toBe(2019);
    expect(incomeYearOf('2019-10-01')).toBe(2020);
    expect(incomeYearOf('2019-12-31')).toBe(2020);
    expect(incomeYearOf('2020-01-01')).toBe(2020);
    expect(incomeYearOf('2020-02-29')).toBe(2020); // leap day
    expect(incomeYearOf('2020-09-30')).toBe(2020);
    expect(incomeYearOf('2020-10-01')).toBe(2021);
  });

  it('gives the range and label', () => {
    expect(incomeYearRange(2020)).toEqual({
      year: 2020,
      start: '2019-10-01',
      end: '2020-09-30',
      label: '2019-10-01/2020-09-30',
    });
    expect(incomeYearRange(incomeYearOf('2018-10-01')).label).toBe('2018-10-01/2019-09-30');
  });

  it('round-trips: the first and last day of a range belong to that income year', () => {
    for (const year of [2014, 2015, 2019, 2020, 2021]) {
      const { start, end } = incomeYearRange(year);
      expect(incomeYearOf(start)).toBe(year);
      expect(incomeYearOf(end)).toBe(year);
    }
  });

  it('tells whether a date is inside an income year, ends inclusive', () => {
    expect(isInIncomeYear('2019-10-01', 2020)).toBe(true);
    expect(isInIncomeYear('2020-09-30', 2020)).toBe(true);
    expect(isInIncomeYear('2019-09-30', 2020)).toBe(false);
    expect(isInIncomeYear('2020-10-01', 2020)).toBe(false);
  });

  it('refuses dates and years that do not exist', () => {
    expect(() => incomeYearOf('2019-02-29')).toThrow(RangeError);
    expect(() => incomeYearOf('2019/10/01')).toThrow(RangeError);
    expect(() => incomeYearOf('9999-10-01')).toThrow(RangeError);
    expect(() => incomeYearOf(undefined as unknown as string)).toThrow(RangeError);
    expect(() => incomeYearRange(2019.5)).toThrow(RangeError);
    expect(() => incomeYearRange(1000)).toThrow(RangeError);
    expect(() => incomeYearRange(Number.NaN)).toThrow(RangeError);
    expect(() => isInIncomeYear('2019-13-01', 2020)).toThrow(RangeError);
  });
});
