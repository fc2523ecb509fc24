import {
  loanBusinessDay,
  loanDayStartMs,
  loanSchedule,
  planLoanServicing,
  reminderKey,
  shanghaiDay,
  type LoanSchedule,
} from './index';

function schedule(): LoanSchedule {
  const r = loanSchedule({
    principalFen: 1_200_000,
    annualRateBp: 435,
    termMonths: 3,
    repayment: 'equal_instalment',
    disbursedOn: '2026-01-31',
  });
  if (!r.ok) throw new Error('schedule');
  return r.schedule;
}
const plan = (asOf: string, extra: Partial<Parameters<typeof planLoanServicing>[0]> = {}) => {
  const r = planLoanServicing({
    schedule: schedule(),
    repayments: [],
    graceDays: 10,
    asOf,
    sentReminders: [],
    recordedArrearsFrom: null,
    ...extra,
  });
  if (!r.ok) throw new Error(r.violations[0].rule);
  return r.plan;
};

describe('loan servicing (贷后管理)', () => {
  it('reminds 15 and 3 days before each due date, once, never after the due date', () => {
    // due 2026-02-28, 2026-03-31, 2026-04-30
    expect(plan('2026-02-12').reminders).toEqual([]);
    expect(plan('2026-02-13').reminders.map(reminderKey)).toEqual(['2026-02-28/15']);
    expect(plan('2026-02-25').reminders.map(reminderKey)).toEqual(['2026-02-28/15', '2026-02-28/3']);
    expect(plan('2026-02-25', { sentReminders: ['2026-02-28/15'] }).reminders.map(reminderKey)).toEqual([
      '2026-02-28/3',
    ]);
    expect(plan('2026-03-01').reminders).toEqual([]);
    const [first] = plan('2026-02-13').reminders;
    const due = schedule().instalments[0];
    expect(first.amountFen).toBe(due.principalFen + due.interestFen);
  });

  it('starts arrears the day after the grace period, once per episode', () => {
    expect(plan('2026-03-10').arrears).toBeNull(); // due 02-28 + 10 days grace = 03-10 inclusive
    const a = plan('2026-03-11');
    expect(a.arrears).toEqual({ arrearsFrom: '2026-03-11', overdueFen: a.status.overdueFen });
    expect(a.arrears!.overdueFen).toBeGreaterThan(0);
    expect(plan('2026-03-20', { recordedArrearsFrom: '2026-03-11' }).arrears).toBeNull();
  });

  it('is not in arrears when the instalment was paid, and closes when everything is paid', () => {
    const s = schedule();
    const first = s.instalments[0];
    const paidFirst = [{ paidOn: '2026-02-28', amountFen: first.principalFen + first.interestFen }];
    expect(plan('2026-03-11', { repayments: paidFirst }).arrears).toBeNull();
    const all = s.instalments.reduce((sum, i) => sum + i.principalFen + i.interestFen, 0);
    const done = plan('2026-03-11', { repayments: [{ paidOn: '2026-03-11', amountFen: all }] });
    expect(done.repaid).toBe(true);
    expect(done.nextDay).toBeNull();
    expect(done.reminders).toEqual([]);
  });

  it('names the next day to wake: a reminder or the end of a grace period', () => {
    expect(plan('2026-01-31').nextDay).toBe('2026-02-13');
    expect(plan('2026-02-13').nextDay).toBe('2026-02-25');
    expect(plan('2026-02-25').nextDay).toBe('2026-03-11');
    expect(plan('2026-03-11').nextDay).toBe('2026-03-16');
    expect(plan('2026-05-11').nextDay).toBeNull();
  });

  it('tells business days in China Standard Time, or scaled in tests', () => {
    expect(shanghaiDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    const prod = { disbursedOn: '2026-03-01', disbursedAtMs: Date.parse('2026-03-01T08:00:00Z'), daySeconds: 86_400 };
    expect(loanBusinessDay(prod, Date.parse('2026-03-10T17:00:00Z'))).toBe('2026-03-11');
    expect(new Date(loanDayStartMs(prod, '2026-03-11')).toISOString()).toBe('2026-03-10T17:00:00.000Z');
    const test = { ...prod, daySeconds: 2 };
    expect(loanBusinessDay(test, prod.disbursedAtMs + 1_999)).toBe('2026-03-01');
    expect(loanBusinessDay(test, prod.disbursedAtMs + 2_000)).toBe('2026-03-02');
    expect(loanBusinessDay(test, prod.disbursedAtMs - 5_000)).toBe('2026-03-01');
    expect(loanDayStartMs(test, '2026-03-31')).toBe(prod.disbursedAtMs + 60_000);
  });
});
