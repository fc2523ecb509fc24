import { DEFAULT_MEASURE_DEADLINE_SECONDS, measureStatus, monthsStableAboveMonitoringLine } from './monitoring';

const DAY = 86_400_000;
const entered = '2026-03-01T00:00:00.000Z';
const at = (days: number) => new Date(Date.parse(entered) + days * DAY).toISOString();

describe('support measure deadline and escalation (帮扶措施)', () => {
  it('is due 15 days after entry by default, and not overdue before that', () => {
    expect(DEFAULT_MEASURE_DEADLINE_SECONDS).toBe(15 * 86_400);
    expect(measureStatus({ enteredAt: entered, measures: [], now: at(14.9) })).toEqual({
      due: at(15),
      met: false,
      metLate: false,
      overdue: false,
      escalationLevel: null,
      nextCheckAt: at(15),
    });
  });

  it('escalates village → township → county, one rung per step, and stays at the county', () => {
    const s = (days: number) => measureStatus({ enteredAt: entered, measures: [], now: at(days) });
    expect(s(15)).toMatchObject({ overdue: true, escalationLevel: 'village', nextCheckAt: at(22) });
    expect(s(21.99)).toMatchObject({ escalationLevel: 'village' });
    expect(s(22)).toMatchObject({ escalationLevel: 'township', nextCheckAt: at(29) });
    expect(s(29)).toMatchObject({ escalationLevel: 'county', nextCheckAt: null });
    expect(s(400)).toMatchObject({ escalationLevel: 'county', nextCheckAt: null });
  });

  it('one measure in time satisfies it; a late one stops the escalation but says it was late', () => {
    expect(measureStatus({ enteredAt: entered, measures: [{ assignedAt: at(3) }], now: at(40) })).toEqual({
      due: at(15),
      met: true,
      metLate: false,
      overdue: false,
      escalationLevel: null,
      nextCheckAt: null,
    });
    expect(measureStatus({ enteredAt: entered, measures: [{ assignedAt: at(23) }], now: at(40) })).toMatchObject({
      met: true,
      metLate: true,
      escalationLevel: null,
    });
  });

  it('ignores a measure dated after now (not assigned yet at that moment)', () => {
    expect(measureStatus({ enteredAt: entered, measures: [{ assignedAt: at(20) }], now: at(16) })).toMatchObject({
      met: false,
      overdue: true,
      escalationLevel: 'village',
    });
  });

  it('takes a configured deadline and step (seconds, shortened in tests)', () => {
    const config = { deadlineSeconds: 10, escalationStepSeconds: 5 };
    const t = (s: number) => new Date(Date.parse(entered) + s * 1000).toISOString();
    expect(measureStatus({ enteredAt: entered, measures: [], now: t(9), config })).toMatchObject({
      overdue: false,
      nextCheckAt: t(10),
    });
    expect(measureStatus({ enteredAt: entered, measures: [], now: t(16), config })).toMatchObject({
      escalationLevel: 'township',
      nextCheckAt: t(20),
    });
  });

  it('refuses malformed input', () => {
    expect(() => measureStatus({ enteredAt: 'yesterday', measures: [], now: at(1) })).toThrow(RangeError);
    expect(() => measureStatus({ enteredAt: entered, measures: [{ assignedAt: 'x' }], now: at(1) })).toThrow(
      RangeError,
    );
    expect(() =>
      measureStatus({ enteredAt: entered, measures: [], now: at(1), config: { deadlineSeconds: 0 } }),
    ).toThrow(RangeError);
    expect(() =>
      measureStatus({ enteredAt: entered, measures: [], now: at(1), config: { escalationStepSeconds: 1.5 } }),
    ).toThrow(RangeError);
  });
});

describe('months stable above the monitoring line (for 风险消除)', () => {
  const c = (checkedAt: string, stable: boolean) => ({ checkedAt, stable });

  it('counts whole calendar months from the first check of the latest stable run', () => {
    const checks = [c('2025-01-10T00:00:00Z', false), c('2025-02-15T00:00:00Z', true), c('2025-05-01T00:00:00Z', true)];
    expect(monthsStableAboveMonitoringLine(checks, '2025-08-14T23:59:59Z')).toBe(5);
    expect(monthsStableAboveMonitoringLine(checks, '2025-08-15T00:00:00Z')).toBe(6);
  });

  it('starts again after an unstable check, and is 0 when the latest is unstable or there is none', () => {
    expect(
      monthsStableAboveMonitoringLine(
        [c('2024-01-01T00:00:00Z', true), c('2025-03-01T00:00:00Z', false), c('2025-04-01T00:00:00Z', true)],
        '2025-10-01T00:00:00Z',
      ),
    ).toBe(6);
    expect(
      monthsStableAboveMonitoringLine(
        [c('2024-01-01T00:00:00Z', true), c('2025-03-01T00:00:00Z', false)],
        '2025-10-01T00:00:00Z',
      ),
    ).toBe(0);
    expect(monthsStableAboveMonitoringLine([], '2025-10-01T00:00:00Z')).toBe(0);
  });

  it('takes checks in time order whatever the input order, ignoring future ones; month length configurable for tests', () => {
    const checks = [
      c('2025-04-01T00:00:00Z', true),
      c('2025-03-01T00:00:00Z', false),
      c('2026-01-01T00:00:00Z', false),
    ];
    expect(monthsStableAboveMonitoringLine(checks, '2025-06-01T00:00:00Z')).toBe(2);
    expect(monthsStableAboveMonitoringLine([c('2025-04-01T00:00:00Z', true)], '2025-04-01T00:00:25Z', 4)).toBe(6);
    expect(() => monthsStableAboveMonitoringLine([c('soon', true)], '2025-04-01T00:00:00Z')).toThrow(RangeError);
  });
});
