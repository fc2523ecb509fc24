import { checkRepayment, loanStatusOn, reminderDates, type LoanStatusResult, type Repayment } from './arrears';
import { loanSchedule, type LoanSchedule, type LoanTerms } from './loan-schedule';

const terms: LoanTerms = {
  principalFen: 5_000_000,
  annualRateBp: 435,
  termMonths: 36,
  repayment: 'equal_instalment',
  disbursedOn: '2026-01-31',
};
const scheduleOf = (t: LoanTerms): LoanSchedule => (loanSchedule(t) as { ok: true; schedule: LoanSchedule }).schedule;
const schedule = scheduleOf(terms);
/** 36 × 148400 − 10 (the last instalment is 148390) */
const TOTAL = 5_342_390;
const A = 148_400;

const status = (r: LoanStatusResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r;
};
const on = (date: string, repayments: Repayment[] = [], graceDays = 5) =>
  status(loanStatusOn(schedule, repayments, graceDays, date));
const rules = (r: LoanStatusResult) => (r.ok ? [] : r.violations.map((v) => [v.field, v.rule]));

describe('loanStatusOn (逾期)', () => {
  it('is current before the first due date, owing everything', () => {
    expect(on('2026-02-01')).toEqual({
      ok: true,
      status: 'current',
      arrearsFrom: null,
      overdueFen: 0,
      outstandingPrincipalFen: 5_000_000,
      outstandingFen: TOTAL,
    });
  });

  it('boundary: current on dueOn + graceDays, in arrears from dueOn + graceDays + 1', () => {
    // first instalment due 2026-02-28, 5 grace days → last grace day 2026-03-05
    expect(on('2026-03-05')).toMatchObject({ status: 'current', arrearsFrom: null, overdueFen: 0 });
    expect(on('2026-03-06')).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-06', overdueFen: A });
    expect(on('2026-03-20')).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-06', overdueFen: A });
  });

  it('boundary with no grace: current on the due date, arrears the next day', () => {
    expect(on('2026-02-28', [], 0)).toMatchObject({ status: 'current' });
    expect(on('2026-03-01', [], 0)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-01' });
  });

  it('a payment on the last grace day keeps the loan current', () => {
    const paid = [{ paidOn: '2026-03-05', amountFen: A }];
    expect(on('2026-03-06', paid)).toMatchObject({ status: 'current', overdueFen: 0 });
    expect(on('2026-03-06', paid).outstandingPrincipalFen).toBe(5_000_000 - 130275);
    expect(on('2026-03-06', paid).outstandingFen).toBe(TOTAL - A);
  });

  it('a payment one fen short is arrears', () => {
    expect(on('2026-03-06', [{ paidOn: '2026-02-28', amountFen: A - 1 }])).toMatchObject({
      status: 'arrears',
      arrearsFrom: '2026-03-06',
      overdueFen: 1,
    });
  });

  it('a late payment ends the arrears on the day it is made', () => {
    const late = [{ paidOn: '2026-03-10', amountFen: A }];
    expect(on('2026-03-09', late)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-06' });
    expect(on('2026-03-10', late)).toMatchObject({ status: 'current', arrearsFrom: null });
  });

  it('arrears running from one instalment into the next are one episode', () => {
    // inst 1 overdue from 03-06; inst 2 (due 03-31) overdue from 04-06; one instalment paid on 04-10
    const paid = [{ paidOn: '2026-04-10', amountFen: A }];
    expect(on('2026-04-10', paid)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-06', overdueFen: A });
    const both = [...paid, { paidOn: '2026-04-12', amountFen: A }];
    expect(on('2026-04-11', both)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-03-06' });
    expect(on('2026-04-12', both)).toMatchObject({ status: 'current', arrearsFrom: null, overdueFen: 0 });
  });

  it('a new episode after a cured one starts afresh', () => {
    const paid = [{ paidOn: '2026-03-10', amountFen: A }];
    expect(on('2026-04-05', paid)).toMatchObject({ status: 'current' });
    expect(on('2026-04-06', paid)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-04-06' });
  });

  it('paying ahead covers later instalments at their scheduled amounts', () => {
    const ahead = [{ paidOn: '2026-02-20', amountFen: 3 * A }];
    expect(on('2026-06-05', ahead)).toMatchObject({ status: 'current' }); // inst 4 due 05-31, grace to 06-05
    expect(on('2026-06-06', ahead)).toMatchObject({ status: 'arrears', arrearsFrom: '2026-06-06', overdueFen: A });
    expect(on('2026-06-06', ahead).outstandingPrincipalFen).toBe(5_000_000 - 130275 - 130747 - 131221);
  });

  it('applies each payment to interest before principal (先息后本)', () => {
    expect(on('2026-03-01', [{ paidOn: '2026-02-28', amountFen: 10_000 }]).outstandingPrincipalFen).toBe(5_000_000);
    expect(on('2026-03-01', [{ paidOn: '2026-02-28', amountFen: 18_126 }]).outstandingPrincipalFen).toBe(4_999_999);
    // one instalment and a fen: the fen goes to the second instalment's interest
    expect(on('2026-03-01', [{ paidOn: '2026-02-28', amountFen: A + 1 }]).outstandingPrincipalFen).toBe(
      5_000_000 - 130275,
    );
  });

  it('repayments dated after the date asked about are not counted', () => {
    const paid = [{ paidOn: '2026-03-10', amountFen: A }];
    expect(on('2026-03-08', paid)).toMatchObject({ status: 'arrears', outstandingFen: TOTAL });
  });

  it('counts repayments in date order whatever the list order', () => {
    const paid = [
      { paidOn: '2026-03-31', amountFen: A },
      { paidOn: '2026-02-28', amountFen: A },
    ];
    expect(on('2026-04-06', paid)).toMatchObject({ status: 'current', outstandingFen: TOTAL - 2 * A });
  });

  it('a loan repaid in full is current for ever with nothing outstanding', () => {
    const all = [{ paidOn: '2026-06-01', amountFen: TOTAL }];
    expect(on('2030-01-01', all)).toEqual({
      ok: true,
      status: 'current',
      arrearsFrom: null,
      overdueFen: 0,
      outstandingPrincipalFen: 0,
      outstandingFen: 0,
    });
  });

  it('an unpaid loan after maturity is in arrears for everything since the first overdue instalment', () => {
    expect(on('2029-06-01')).toMatchObject({
      status: 'arrears',
      arrearsFrom: '2026-03-06',
      overdueFen: TOTAL,
      outstandingPrincipalFen: 5_000_000,
    });
  });

  it('works for interest_quarterly: the settlement interest is an instalment', () => {
    const q = scheduleOf({ ...terms, repayment: 'interest_quarterly' });
    expect(status(loanStatusOn(q, [], 0, '2026-03-20'))).toMatchObject({ status: 'current' });
    expect(status(loanStatusOn(q, [], 0, '2026-03-21'))).toMatchObject({ status: 'arrears', overdueFen: 29000 });
    const interestPaid = [{ paidOn: '2026-03-20', amountFen: 29000 }];
    expect(status(loanStatusOn(q, interestPaid, 0, '2026-04-01'))).toMatchObject({
      status: 'current',
      outstandingPrincipalFen: 5_000_000,
    });
  });

  describe('refusals', () => {
    it('refuses a repayment larger than the outstanding balance (repayment_over_balance)', () => {
      const r = loanStatusOn(schedule, [{ paidOn: '2026-03-01', amountFen: TOTAL + 1 }], 5, '2026-04-01');
      expect(rules(r)).toEqual([['repayments[0].amountFen', 'repayment_over_balance']]);
      if (r.ok) return;
      expect(r.violations[0].message.en).toBe(
        'repayment of 53423.91 yuan exceeds the outstanding balance of 53423.90 yuan',
      );
      expect(r.violations[0].message['zh-CN']).toBe('还款53423.91元超过剩余本息53423.90元');
    });

    it('checks the balance in date order, also for repayments after the date asked about', () => {
      const r = loanStatusOn(
        schedule,
        [
          { paidOn: '2026-05-01', amountFen: 1 },
          { paidOn: '2026-04-01', amountFen: TOTAL },
        ],
        5,
        '2026-03-01',
      );
      expect(rules(r)).toEqual([['repayments[0].amountFen', 'repayment_over_balance']]);
    });

    it('refuses malformed repayments, grace days and dates', () => {
      expect(rules(loanStatusOn(schedule, [{ paidOn: '2026-02-30', amountFen: 0 }], 5, '2026-03-01'))).toEqual([
        ['repayments[0].paidOn', 'date'],
        ['repayments[0].amountFen', 'positive_integer_fen'],
      ]);
      expect(rules(loanStatusOn(schedule, [{ paidOn: '2026-02-28', amountFen: 1.5 }], 5, '2026-03-01'))).toEqual([
        ['repayments[0].amountFen', 'positive_integer_fen'],
      ]);
      expect(rules(loanStatusOn(schedule, [], -1, '2026-03-01'))).toEqual([['graceDays', 'non_negative_integer']]);
      expect(rules(loanStatusOn(schedule, [], 2.5, 'soon'))).toEqual([
        ['graceDays', 'non_negative_integer'],
        ['date', 'date'],
      ]);
    });
  });
});

describe('checkRepayment', () => {
  const earlier = [{ paidOn: '2026-02-28', amountFen: A }];
  it('accepts up to the remaining balance and refuses a fen more', () => {
    expect(checkRepayment(schedule, earlier, { paidOn: '2026-03-31', amountFen: TOTAL - A })).toEqual([]);
    const v = checkRepayment(schedule, earlier, { paidOn: '2026-03-31', amountFen: TOTAL - A + 1 });
    expect(v.map((x) => [x.field, x.rule])).toEqual([['repayment.amountFen', 'repayment_over_balance']]);
  });
  it('refuses a malformed repayment', () => {
    expect(checkRepayment(schedule, [], { paidOn: '2026-3-31', amountFen: -5 }).map((x) => x.rule)).toEqual([
      'date',
      'positive_integer_fen',
    ]);
  });
});

describe('reminderDates (还款提醒)', () => {
  it('gives due date − 15 and − 3 days for every instalment, in date order', () => {
    const r = reminderDates(schedule);
    expect(r).toHaveLength(72);
    expect(r.slice(0, 3)).toEqual([
      { instalment: 1, dueOn: '2026-02-28', remindOn: '2026-02-13', daysBefore: 15 },
      { instalment: 1, dueOn: '2026-02-28', remindOn: '2026-02-25', daysBefore: 3 },
      { instalment: 2, dueOn: '2026-03-31', remindOn: '2026-03-16', daysBefore: 15 },
    ]);
    const leap = r.filter((x) => x.dueOn === '2028-02-29').map((x) => x.remindOn);
    expect(leap).toEqual(['2028-02-14', '2028-02-26']);
    expect(r.filter((x) => x.dueOn === '2028-03-31').map((x) => x.remindOn)).toEqual(['2028-03-16', '2028-03-28']);
    expect(r.map((x) => x.remindOn)).toEqual([...r.map((x) => x.remindOn)].sort());
  });

  it('works for quarterly settlement, across the year end (same-day reminders in instalment order)', () => {
    const q = scheduleOf({ ...terms, repayment: 'interest_quarterly', disbursedOn: '2026-12-01', termMonths: 1 });
    expect(q.instalments.map((x) => x.dueOn)).toEqual(['2026-12-20', '2027-01-01']);
    expect(reminderDates(q)).toEqual([
      { instalment: 1, dueOn: '2026-12-20', remindOn: '2026-12-05', daysBefore: 15 },
      { instalment: 1, dueOn: '2026-12-20', remindOn: '2026-12-17', daysBefore: 3 },
      { instalment: 2, dueOn: '2027-01-01', remindOn: '2026-12-17', daysBefore: 15 },
      { instalment: 2, dueOn: '2027-01-01', remindOn: '2026-12-29', daysBefore: 3 },
    ]);
  });
});
