import { observationOfIncomeYear } from './observation-year';

describe('observationOfIncomeYear (入户观察须为本收入年度)', () => {
  // income year 2020 starts 2019-10-01 in Asia/Shanghai = 2019-09-30T16:00:00Z
  const boundary = Date.parse('2019-09-30T16:00:00.000Z');

  it('counts an observation made at the first instant of the income year', () => {
    expect(observationOfIncomeYear(new Date(boundary), 2020)).toBeNull();
  });

  it('counts one made a millisecond later, and one made after the year ended (the autumn review)', () => {
    expect(observationOfIncomeYear(new Date(boundary + 1), 2020)).toBeNull();
    expect(observationOfIncomeYear('2020-11-15T02:00:00.000Z', 2020)).toBeNull();
  });

  it('refuses one made a millisecond before, naming the year and its first day', () => {
    expect(observationOfIncomeYear(new Date(boundary - 1), 2020)).toEqual({
      incomeYear: 2020,
      since: '2019-10-01',
      message: {
        'zh-CN': '没有2020年度（2019-10-01起）的入户观察记录',
        en: 'no living-condition observation of income year 2020 (since 2019-10-01)',
      },
    });
  });

  it('refuses a household never observed', () => {
    expect(observationOfIncomeYear(null, 2021)?.since).toBe('2020-10-01');
  });

  it('throws on a programmer error', () => {
    expect(() => observationOfIncomeYear('yesterday', 2020)).toThrow(RangeError);
    expect(() => observationOfIncomeYear(new Date(boundary), 2020.5)).toThrow(RangeError);
  });
});
