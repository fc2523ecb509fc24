import { checkJobKind, checkWageMonth, lastDayOfMonth, wageEarnedOn } from './employment';

const rules = (v: { rule: string; field: string }[]) => v.map((x) => `${x.field}:${x.rule}`);

describe('checkJobKind', () => {
  it('a partner job names its partner and no category', () => {
    expect(checkJobKind({ kind: 'partner_job', partnerId: 'p' })).toEqual([]);
    expect(rules(checkJobKind({ kind: 'partner_job' }))).toEqual(['partnerId:partner_required']);
    expect(rules(checkJobKind({ kind: 'partner_job', partnerId: 'p', category: 'sanitation' }))).toEqual([
      'category:category_not_allowed',
    ]);
  });

  it('a public-welfare post names its category and no partner', () => {
    expect(checkJobKind({ kind: 'public_welfare_post', category: 'ecological_ranger' })).toEqual([]);
    expect(rules(checkJobKind({ kind: 'public_welfare_post', partnerId: 'p' }))).toEqual([
      'category:category_required',
      'partnerId:partner_not_allowed',
    ]);
  });
});

describe('checkWageMonth', () => {
  it('accepts the start month through the current month', () => {
    expect(checkWageMonth('2026-03', '2026-03-31', '2026-05-01')).toEqual([]);
    expect(checkWageMonth('2026-05', '2026-03-31', '2026-05-01')).toEqual([]);
  });

  it('refuses a month before the start month, after the current one, or not a month', () => {
    expect(rules(checkWageMonth('2026-02', '2026-03-01', '2026-05-01'))).toEqual(['month:wage_before_start']);
    expect(rules(checkWageMonth('2026-06', '2026-03-01', '2026-05-31'))).toEqual(['month:wage_month_future']);
    expect(rules(checkWageMonth('2026-13', '2026-03-01', '2026-05-31'))).toEqual(['month:wage_month']);
    expect(rules(checkWageMonth('2026-1', '2026-03-01', '2026-05-31'))).toEqual(['month:wage_month']);
  });
});

describe('wage days', () => {
  it('the last day of the month, leap years included', () => {
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2026-12')).toBe('2026-12-31');
  });

  it('earned on the last day of a past month, today within the running month', () => {
    expect(wageEarnedOn('2026-04', '2026-05-10')).toBe('2026-04-30');
    expect(wageEarnedOn('2026-05', '2026-05-10')).toBe('2026-05-10');
    expect(wageEarnedOn('2026-05', '2026-05-31')).toBe('2026-05-31');
  });
});
