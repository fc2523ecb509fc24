import { ConfigError } from '@fupin/config';
import { loadDividendConfig } from './dividend.config';
import { dividendScheduleSpec } from './dividend.schedule';

describe('the dividend schedule spec', () => {
  const dueOns = ['2027-03-15', '2028-03-15', '2029-03-15', '2029-03-15'];

  it('fires at 09:00 Asia/Shanghai on each due date, once per date (dividend and principal on one day: one fire)', () => {
    const { spec, fires } = dividendScheduleSpec(dueOns, null);
    expect(fires).toBe(3);
    expect(spec.timezone).toBe('Asia/Shanghai');
    expect(spec.calendars?.[0]).toEqual({
      year: 2027,
      month: 'MARCH',
      dayOfMonth: 15,
      hour: 9,
      minute: 0,
      second: 0,
      comment: '2027-03-15',
    });
  });

  it('in tests fires every N seconds, once per item', () => {
    expect(dividendScheduleSpec(dueOns, { intervalSeconds: 2, missedSeconds: 5 })).toEqual({
      spec: { intervals: [{ every: '2s' }] },
      fires: 4,
    });
  });
});

describe('the dividend configuration', () => {
  it('defaults to 30 days and the due dates', () => {
    expect(loadDividendConfig({}, false)).toEqual({ missedAfterDays: 30, test: null });
  });
  it('shortens the schedule only with PROCEDURE_TEST_MODE', () => {
    const env = { INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS: '3' };
    expect(() => loadDividendConfig(env, false)).toThrow(ConfigError);
    expect(loadDividendConfig(env, true).test).toEqual({ intervalSeconds: 3, missedSeconds: 6 });
  });
});
