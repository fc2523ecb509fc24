import {
  type DividendContract,
  type DividendPayment,
  type ScheduledDividend,
  DEFAULT_MISSED_AFTER_DAYS,
  checkDividendContract,
  dividendSchedule,
  dividendStatus,
  dividendTermEnd,
  recordDividendPayment,
  yearlyDividendFen,
} from './dividends';

const contract: DividendContract = {
  principalFen: 1_000_000, // 10,000 yuan
  dividend: { kind: 'rate', rateBp: 800 }, // 8 % a year
  paymentDates: { kind: 'yearly', monthDay: '12-31' },
  startOn: '2024-03-15',
  termYears: 3,
};

function schedule(c: DividendContract): ScheduledDividend[] {
  const r = dividendSchedule(c);
  if (!r.ok) throw new Error(r.violations.map((v) => v.rule).join());
  return r.schedule;
}

const rows = (c: DividendContract) => schedule(c).map((r) => [r.dueOn, r.amountFen, r.kind, r.contractYear]);
const rules = (c: DividendContract) => checkDividendContract(c).map((v) => [v.field, v.rule]);

describe('yearlyDividendFen', () => {
  it('is the fixed sum, or the rate of the principal rounded half up to whole fen', () => {
    expect(yearlyDividendFen({ principalFen: 1_000_000, dividend: { kind: 'fixed', amountFen: 66_600 } })).toBe(66_600);
    expect(yearlyDividendFen({ principalFen: 1_000_000, dividend: { kind: 'rate', rateBp: 800 } })).toBe(80_000);
    expect(yearlyDividendFen({ principalFen: 12_345, dividend: { kind: 'rate', rateBp: 550 } })).toBe(679); // 678.975
    expect(yearlyDividendFen({ principalFen: 12_345, dividend: { kind: 'rate', rateBp: 50 } })).toBe(62); // 61.725
    expect(yearlyDividendFen({ principalFen: 12_341, dividend: { kind: 'rate', rateBp: 50 } })).toBe(62); // 61.705
    expect(yearlyDividendFen({ principalFen: 12_339, dividend: { kind: 'rate', rateBp: 50 } })).toBe(62); // 61.695
    expect(yearlyDividendFen({ principalFen: 12_299, dividend: { kind: 'rate', rateBp: 50 } })).toBe(61); // 61.495
    expect(yearlyDividendFen({ principalFen: 1, dividend: { kind: 'rate', rateBp: 5_000 } })).toBe(1); // 0.5 → 1
    expect(yearlyDividendFen({ principalFen: 3, dividend: { kind: 'rate', rateBp: 5_000 } })).toBe(2); // 1.5 → 2
  });

  it('stays exact for large principals', () => {
    const big = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER
    expect(yearlyDividendFen({ principalFen: big, dividend: { kind: 'rate', rateBp: 1 } })).toBe(900_719_925_474);
  });
});

describe('dividendSchedule (yearly MM-DD)', () => {
  it('pays the yearly dividend once in each contract year and returns the principal at the term', () => {
    expect(rows(contract)).toEqual([
      ['2024-12-31', 80_000, 'dividend', 1],
      ['2025-12-31', 80_000, 'dividend', 2],
      ['2026-12-31', 80_000, 'dividend', 3],
      ['2027-03-15', 1_000_000, 'principal', 3],
    ]);
    expect(dividendTermEnd(contract)).toBe('2027-03-15');
  });

  it('pays a fixed dividend', () => {
    const fixed = { ...contract, dividend: { kind: 'fixed' as const, amountFen: 50_000 } };
    expect(schedule(fixed).map((r) => r.amountFen)).toEqual([50_000, 50_000, 50_000, 1_000_000]);
  });

  it('on the anniversary itself: the dividend at the end of each year, the principal after the last dividend', () => {
    expect(
      rows({ ...contract, startOn: '2024-06-30', paymentDates: { kind: 'yearly', monthDay: '06-30' }, termYears: 2 }),
    ).toEqual([
      ['2025-06-30', 80_000, 'dividend', 1],
      ['2026-06-30', 80_000, 'dividend', 2],
      ['2026-06-30', 1_000_000, 'principal', 2],
    ]);
  });

  it('a day just after the start falls in the first year', () => {
    const r = rows({
      ...contract,
      startOn: '2024-06-30',
      paymentDates: { kind: 'yearly', monthDay: '07-01' },
      termYears: 1,
    });
    expect(r).toEqual([
      ['2024-07-01', 80_000, 'dividend', 1],
      ['2025-06-30', 1_000_000, 'principal', 1],
    ]);
  });

  it('a start on 29 February has its anniversaries on 28 February in common years', () => {
    const leap = { ...contract, startOn: '2024-02-29', termYears: 2 };
    expect(rows({ ...leap, paymentDates: { kind: 'yearly', monthDay: '03-01' } })).toEqual([
      ['2024-03-01', 80_000, 'dividend', 1],
      ['2025-03-01', 80_000, 'dividend', 2],
      ['2026-02-28', 1_000_000, 'principal', 2],
    ]);
    expect(rows({ ...leap, paymentDates: { kind: 'yearly', monthDay: '02-28' } }).map((r) => r[0])).toEqual([
      '2025-02-28',
      '2026-02-28',
      '2026-02-28',
    ]);
    expect(dividendTermEnd({ startOn: '2024-02-29', termYears: 4 })).toBe('2028-02-29');
  });
});

describe('dividendSchedule (a list of dates)', () => {
  const listed: DividendContract = {
    principalFen: 100_000,
    dividend: { kind: 'fixed', amountFen: 1_001 },
    paymentDates: { kind: 'dates', dates: ['2024-12-31', '2025-12-31', '2024-06-30'] },
    startOn: '2024-01-01',
    termYears: 2,
  };

  it("splits each year's dividend over its dates, the remainder on the last, in date order", () => {
    expect(rows(listed)).toEqual([
      ['2024-06-30', 500, 'dividend', 1],
      ['2024-12-31', 501, 'dividend', 1],
      ['2025-12-31', 1_001, 'dividend', 2],
      ['2026-01-01', 100_000, 'principal', 2],
    ]);
  });

  it('keeps each year exact over three dates', () => {
    const three = {
      ...listed,
      termYears: 1,
      paymentDates: { kind: 'dates' as const, dates: ['2024-04-01', '2024-08-01', '2024-12-01'] },
    };
    expect(schedule(three).map((r) => r.amountFen)).toEqual([333, 333, 335, 100_000]);
  });

  it('refuses dates outside the term, twice, or a year without one', () => {
    const outside = {
      ...listed,
      paymentDates: { kind: 'dates' as const, dates: ['2024-06-30', '2024-01-01', '2026-01-02'] },
    };
    expect(rules(outside)).toEqual([
      ['paymentDates.dates', 'payment_date_outside_term'],
      ['paymentDates.dates', 'payment_year_uncovered'],
    ]);
    const twice = {
      ...listed,
      paymentDates: { kind: 'dates' as const, dates: ['2024-06-30', '2024-06-30', '2025-06-30'] },
    };
    expect(rules(twice)).toEqual([['paymentDates.dates', 'payment_date_duplicate']]);
    const uncovered = checkDividendContract({ ...listed, paymentDates: { kind: 'dates', dates: ['2024-06-30'] } });
    expect(uncovered[0].message.en).toBe('contract year(s) 2 have no payment date');
    expect(rules({ ...listed, paymentDates: { kind: 'dates', dates: [] } })).toEqual([
      ['paymentDates.dates', 'payment_date'],
    ]);
    expect(rules({ ...listed, paymentDates: { kind: 'dates', dates: ['2024-13-01'] } })).toEqual([
      ['paymentDates.dates', 'payment_date'],
    ]);
  });

  it('accepts the last day of the term as a payment date', () => {
    const last = { ...listed, paymentDates: { kind: 'dates' as const, dates: ['2025-01-01', '2026-01-01'] } };
    expect(rows(last).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['2025-01-01', 'dividend', 1],
      ['2026-01-01', 'dividend', 2],
      ['2026-01-01', 'principal', 2],
    ]);
  });
});

describe('checkDividendContract', () => {
  it('accepts a valid contract', () => {
    expect(checkDividendContract(contract)).toEqual([]);
  });

  it.each([
    [{ principalFen: 0 }, 'principalFen', 'integer_fen'],
    [{ principalFen: 100.5 }, 'principalFen', 'integer_fen'],
    [{ dividend: { kind: 'fixed', amountFen: -1 } }, 'dividend.amountFen', 'integer_fen'],
    [{ dividend: { kind: 'rate', rateBp: 0 } }, 'dividend.rateBp', 'rate_bp'],
    [{ dividend: { kind: 'rate', rateBp: 10_001 } }, 'dividend.rateBp', 'rate_bp'],
    [{ dividend: { kind: 'rate', rateBp: 5.5 } }, 'dividend.rateBp', 'rate_bp'],
    [{ dividend: { kind: 'share' } }, 'dividend', 'dividend_kind'],
    [{ startOn: '2024-02-30' }, 'startOn', 'invalid_date'],
    [{ termYears: 0 }, 'termYears', 'term_years'],
    [{ termYears: 31 }, 'termYears', 'term_years'],
    [{ termYears: 2.5 }, 'termYears', 'term_years'],
    [{ paymentDates: { kind: 'yearly', monthDay: '02-29' } }, 'paymentDates.monthDay', 'payment_date'],
    [{ paymentDates: { kind: 'yearly', monthDay: '04-31' } }, 'paymentDates.monthDay', 'payment_date'],
    [{ paymentDates: { kind: 'yearly', monthDay: '12/31' } }, 'paymentDates.monthDay', 'payment_date'],
    [{ paymentDates: { kind: 'monthly' } }, 'paymentDates', 'payment_date'],
  ])('refuses %j', (patch, field, rule) => {
    expect(rules({ ...contract, ...(patch as Partial<DividendContract>) })).toEqual([[field, rule]]);
  });

  it('returns the violations from dividendSchedule with bilingual messages', () => {
    const r = dividendSchedule({ ...contract, principalFen: -5, termYears: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => v.rule)).toEqual(['integer_fen', 'term_years']);
      expect(r.violations[1].message).toEqual({
        'zh-CN': '合同期限须为1—30年的整数',
        en: 'termYears must be a whole number from 1 to 30',
      });
    }
  });
});

describe('dividendStatus', () => {
  const s = schedule(contract); // 2024-12-31, 2025-12-31, 2026-12-31 and the principal 2027-03-15
  const status = (payments: DividendPayment[], today: string, missedAfterDays?: number) => {
    const r = dividendStatus(s, payments, { today, ...(missedAfterDays === undefined ? {} : { missedAfterDays }) });
    if (!r.ok) throw new Error(r.refusal.rule);
    return r.status;
  };
  const statuses = (payments: DividendPayment[], today: string, missedAfterDays?: number) =>
    status(payments, today, missedAfterDays).items.map((i) => i.status);

  it('defaults to 30 days of grace', () => {
    expect(DEFAULT_MISSED_AFTER_DAYS).toBe(30);
  });

  it('is upcoming before the due day, due from it through dueOn + 30, missed from dueOn + 31', () => {
    expect(statuses([], '2024-12-30')).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(statuses([], '2024-12-31')[0]).toBe('due');
    expect(statuses([], '2025-01-30')[0]).toBe('due');
    expect(statuses([], '2025-01-31')[0]).toBe('missed');
    expect(status([], '2025-01-30').items[0].graceEndsOn).toBe('2025-01-30');
  });

  it('sums the arrears of missed payments and what is due within grace', () => {
    const st = status([], '2026-01-15');
    expect(st.items.map((i) => i.status)).toEqual(['missed', 'due', 'upcoming', 'upcoming']);
    expect([st.arrearsFen, st.dueFen, st.paidFen]).toEqual([80_000, 80_000, 0]);
    const end = status([], '2027-04-20');
    expect(end.arrearsFen).toBe(3 * 80_000 + 1_000_000);
  });

  it('counts paid payments, early, on time or late', () => {
    const payments = [
      { dueOn: '2024-12-31', paidOn: '2024-12-20', amountFen: 80_000 },
      { dueOn: '2025-12-31', paidOn: '2026-02-10', amountFen: 80_000 },
    ];
    const st = status(payments, '2026-03-01');
    expect(st.items.slice(0, 2).map((i) => [i.status, i.paidOn, i.paidLate])).toEqual([
      ['paid', '2024-12-20', false],
      ['paid', '2026-02-10', true],
    ]);
    expect([st.arrearsFen, st.paidFen]).toEqual([0, 160_000]);
  });

  it('takes another grace period', () => {
    expect(statuses([], '2025-01-10', 10)[0]).toBe('due');
    expect(statuses([], '2025-01-11', 10)[0]).toBe('missed');
    expect(statuses([], '2025-01-01', 0)[0]).toBe('missed');
    expect(statuses([], '2024-12-31', 0)[0]).toBe('due');
  });

  it('refuses the same due date recorded twice, carrying the first record', () => {
    const first = { dueOn: '2024-12-31', paidOn: '2025-01-05', amountFen: 80_000 };
    const r = dividendStatus(s, [first, { ...first, paidOn: '2025-01-06' }], { today: '2025-02-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect([r.refusal.rule, r.refusal.field]).toEqual(['dividend_already_recorded', 'dueOn']);
      expect(r.refusal.recorded).toEqual({ ...first, kind: 'dividend' });
    }
  });

  it('refuses a bad today or grace', () => {
    const bad = dividendStatus(s, [], { today: '2025-1-1' });
    expect(!bad.ok && bad.refusal.rule).toBe('invalid_date');
    const grace = dividendStatus(s, [], { today: '2025-01-01', missedAfterDays: -1 });
    expect(!grace.ok && grace.refusal.rule).toBe('missed_after_days');
  });
});

describe('recordDividendPayment', () => {
  const s = schedule(contract);
  const pay = { dueOn: '2024-12-31', paidOn: '2025-01-02', amountFen: 80_000 };

  it('records a payment for the exact scheduled amount', () => {
    expect(recordDividendPayment(s, [], pay, '2025-01-02')).toEqual({
      ok: true,
      payments: [{ ...pay, kind: 'dividend' }],
    });
  });

  it.each([
    [{ amountFen: 79_999 }, 'dividend_amount_mismatch', 'amountFen'],
    [{ amountFen: 80_001 }, 'dividend_amount_mismatch', 'amountFen'],
    [{ dueOn: '2024-12-30' }, 'dividend_not_scheduled', 'dueOn'],
    [{ paidOn: '2025-01-03' }, 'paid_on', 'paidOn'],
    [{ paidOn: '2025-02-30' }, 'paid_on', 'paidOn'],
  ])('refuses %j', (patch, rule, field) => {
    const r = recordDividendPayment(s, [], { ...pay, ...patch }, '2025-01-02');
    expect(!r.ok && [r.refusal.rule, r.refusal.field]).toEqual([rule, field]);
  });

  it('names the amounts in the mismatch message', () => {
    const r = recordDividendPayment(s, [], { ...pay, amountFen: 70_000 }, '2025-01-02');
    expect(!r.ok && r.refusal.message).toEqual({
      'zh-CN': '2024-12-31应付80000分，不是70000分',
      en: '80000 fen is due on 2024-12-31, not 70000',
    });
  });

  it('refuses a second record of the same due date even with other details', () => {
    const once = recordDividendPayment(s, [], pay, '2025-02-01');
    if (!once.ok) throw new Error(once.refusal.rule);
    const twice = recordDividendPayment(s, once.payments, { ...pay, paidOn: '2025-01-20', amountFen: 1 }, '2025-02-01');
    expect(!twice.ok && twice.refusal.rule).toBe('dividend_already_recorded');
  });

  it('tells the dividend from the principal due the same day', () => {
    const same = schedule({
      ...contract,
      startOn: '2024-06-30',
      paymentDates: { kind: 'yearly', monthDay: '06-30' },
      termYears: 1,
    });
    const dividend = recordDividendPayment(
      same,
      [],
      { dueOn: '2025-06-30', paidOn: '2025-06-30', amountFen: 80_000 },
      '2025-07-01',
    );
    if (!dividend.ok) throw new Error(dividend.refusal.rule);
    const principal = { dueOn: '2025-06-30', paidOn: '2025-06-30', amountFen: 1_000_000, kind: 'principal' as const };
    const both = recordDividendPayment(same, dividend.payments, principal, '2025-07-01');
    expect(both.ok && both.payments.map((p) => p.kind)).toEqual(['dividend', 'principal']);
    // without a kind, the day's dividend is meant: the principal's amount does not match it
    const unnamed = recordDividendPayment(same, [], { ...principal, kind: undefined }, '2025-07-01');
    expect(!unnamed.ok && unnamed.refusal.rule).toBe('dividend_amount_mismatch');
    if (both.ok) {
      const st = dividendStatus(same, both.payments, { today: '2025-08-01' });
      expect(st.ok && st.status.items.map((i) => i.status)).toEqual(['paid', 'paid']);
    }
  });

  it('finds the principal alone on its day without a kind', () => {
    const r = recordDividendPayment(
      s,
      [],
      { dueOn: '2027-03-15', paidOn: '2027-03-15', amountFen: 1_000_000 },
      '2027-03-15',
    );
    expect(r.ok && r.payments[0].kind).toBe('principal');
  });
});
