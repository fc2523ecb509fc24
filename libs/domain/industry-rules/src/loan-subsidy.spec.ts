import { accruedInterestFen, loanSchedule, type LoanSchedule, type LoanTerms } from './loan-schedule';
import {
  isQuarter,
  quarterOf,
  quarterRange,
  quarterlySubsidies,
  quarterlySubsidy,
  type QuarterlySubsidyResult,
  type SubsidyLoan,
} from './loan-subsidy';

const monthly: LoanTerms = {
  principalFen: 5_000_000,
  annualRateBp: 435,
  termMonths: 36,
  repayment: 'equal_instalment',
  disbursedOn: '2026-01-31',
};
const quarterly: LoanTerms = { ...monthly, repayment: 'interest_quarterly' };

const ok = (r: QuarterlySubsidyResult) => {
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  const { subsidyFen, suspended, cancelled, clawbackFen } = r;
  return { subsidyFen, suspended, cancelled, clawbackFen };
};
const paid = (subsidyFen: number) => ({ subsidyFen, suspended: false, cancelled: false, clawbackFen: 0 });

describe('quarters', () => {
  it('quarterOf', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(() => quarterOf('2026-02-30')).toThrow(RangeError);
  });

  it('quarterRange', () => {
    expect(quarterRange('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterRange('2026-Q2')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterRange('2026-Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    for (const bad of ['2026-Q5', '2026-Q0', '2026Q1', '2026-q1', '0000-Q1', '']) {
      expect(isQuarter(bad)).toBe(false);
      expect(() => quarterRange(bad)).toThrow(RangeError);
    }
  });
});

describe('quarterlySubsidy (贴息)', () => {
  it('equal_instalment: the interest of the instalments due in the quarter', () => {
    expect(ok(quarterlySubsidy({ loan: monthly, quarter: '2026-Q1' }))).toEqual(paid(18125 + 17653));
    expect(ok(quarterlySubsidy({ loan: monthly, quarter: '2026-Q2' }))).toEqual(paid(17179 + 16703 + 16226));
    expect(ok(quarterlySubsidy({ loan: monthly, quarter: '2029-Q1' }))).toEqual(paid(536));
    expect(ok(quarterlySubsidy({ loan: monthly, quarter: '2029-Q2' }))).toEqual(paid(0));
    expect(ok(quarterlySubsidy({ loan: monthly, quarter: '2025-Q4' }))).toEqual(paid(0));
  });

  it('equal_instalment: the same when the schedule is passed in', () => {
    const schedule = (loanSchedule(monthly) as { ok: true; schedule: LoanSchedule }).schedule;
    expect(ok(quarterlySubsidy({ loan: monthly, schedule, quarter: '2026-Q2' }))).toEqual(paid(50108));
    expect(ok(quarterlySubsidy({ loan: monthly, schedule, quarter: '2026-Q2', arrearsFrom: '2026-05-01' }))).toEqual({
      ...paid(17179),
      suspended: true,
    });
  });

  it('interest_quarterly: ACT/360 per day of the quarter within the loan', () => {
    expect(ok(quarterlySubsidy({ loan: quarterly, quarter: '2026-Q1' }))).toEqual(paid(35646)); // 59 days
    expect(ok(quarterlySubsidy({ loan: quarterly, quarter: '2026-Q4' }))).toEqual(paid(55583)); // 92 days
    expect(ok(quarterlySubsidy({ loan: quarterly, quarter: '2028-Q1' }))).toEqual(paid(54979)); // 91 days (leap)
    expect(ok(quarterlySubsidy({ loan: quarterly, quarter: '2029-Q1' }))).toEqual(paid(18729)); // 31 days to maturity
    expect(ok(quarterlySubsidy({ loan: quarterly, quarter: '2029-Q2' }))).toEqual(paid(0));
  });

  it('the quarters of a loan add up to its interest (equal_instalment exactly; ACT/360 within rounding)', () => {
    const quarters = ['2026', '2027', '2028', '2029'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));
    const total = (loan: LoanTerms) =>
      quarters.reduce((t, quarter) => t + ok(quarterlySubsidy({ loan, quarter })).subsidyFen, 0);
    expect(total(monthly)).toBe(342390);
    expect(Math.abs(total(quarterly) - 662164)).toBeLessThanOrEqual(13);
  });

  describe('arrears suspend it (逾期暂停贴息)', () => {
    it('equal_instalment: no subsidy for instalments due on or after arrearsFrom', () => {
      const q2 = (arrearsFrom: string | null) =>
        ok(quarterlySubsidy({ loan: monthly, quarter: '2026-Q2', arrearsFrom }));
      expect(q2('2026-05-01')).toEqual({ ...paid(17179), suspended: true }); // 04-30 due before arrears
      expect(q2('2026-04-30')).toEqual({ ...paid(0), suspended: true }); // due on the arrears day: none
      expect(q2('2026-05-31')).toEqual({ ...paid(17179), suspended: true });
      expect(q2('2026-06-01')).toEqual({ ...paid(17179 + 16703), suspended: true });
      expect(q2('2026-06-30')).toEqual({ ...paid(17179 + 16703), suspended: true });
      expect(q2('2026-07-01')).toEqual(paid(50108)); // after the quarter: not suspended
      expect(q2('2026-01-15')).toEqual({ ...paid(0), suspended: true }); // earlier arrears still open
      expect(q2(null)).toEqual(paid(50108));
    });

    it('interest_quarterly: the days from arrearsFrom on earn nothing', () => {
      const q1 = (arrearsFrom: string) => ok(quarterlySubsidy({ loan: quarterly, quarter: '2026-Q1', arrearsFrom }));
      expect(q1('2026-03-01')).toEqual({ ...paid(16917), suspended: true }); // 28 days of February
      expect(q1('2026-02-02')).toEqual({ ...paid(604), suspended: true }); // 1 day: 604.17
      expect(q1('2026-02-01')).toEqual({ ...paid(0), suspended: true });
      expect(q1('2026-04-01')).toEqual(paid(35646));
    });
  });

  describe('misuse cancels it (挪用取消贴息, 追回)', () => {
    const q2 = { loan: monthly, quarter: '2026-Q2', misuseOn: '2026-05-10' };

    it('nothing for the quarter of misuse; clawback of that quarter only if it was paid', () => {
      expect(ok(quarterlySubsidy(q2))).toEqual({ subsidyFen: 0, suspended: false, cancelled: true, clawbackFen: 0 });
      expect(ok(quarterlySubsidy({ ...q2, paidQuarters: ['2026-Q1', '2026-Q2'] }))).toEqual({
        subsidyFen: 0,
        suspended: false,
        cancelled: true,
        clawbackFen: 50108,
      });
      expect(ok(quarterlySubsidy({ ...q2, paidQuarters: ['2026-Q1'] })).clawbackFen).toBe(0);
    });

    it('later quarters are cancelled without a second clawback; earlier ones are unaffected', () => {
      const paidQuarters = ['2026-Q1', '2026-Q2'];
      expect(ok(quarterlySubsidy({ ...q2, quarter: '2026-Q3', paidQuarters }))).toEqual({
        subsidyFen: 0,
        suspended: false,
        cancelled: true,
        clawbackFen: 0,
      });
      expect(ok(quarterlySubsidy({ ...q2, quarter: '2026-Q1', paidQuarters }))).toEqual(paid(35778));
    });

    it('misuse on the first or last day of a quarter belongs to it', () => {
      const paidQuarters = ['2026-Q2'];
      expect(ok(quarterlySubsidy({ ...q2, misuseOn: '2026-04-01', paidQuarters })).clawbackFen).toBe(50108);
      expect(ok(quarterlySubsidy({ ...q2, misuseOn: '2026-06-30', paidQuarters })).clawbackFen).toBe(50108);
      expect(ok(quarterlySubsidy({ ...q2, misuseOn: '2026-07-01', paidQuarters }))).toEqual(paid(50108));
    });

    it('the clawback is what was due under the arrears rule', () => {
      const r = quarterlySubsidy({ ...q2, arrearsFrom: '2026-05-01', paidQuarters: ['2026-Q2'] });
      expect(ok(r)).toEqual({ subsidyFen: 0, suspended: true, cancelled: true, clawbackFen: 17179 });
    });
  });

  it('refuses malformed input as violations with field and rule', () => {
    const rules = (r: QuarterlySubsidyResult) => (r.ok ? [] : r.violations.map((v) => [v.field, v.rule]));
    expect(rules(quarterlySubsidy({ loan: monthly, quarter: '2026-Q5' }))).toEqual([['quarter', 'quarter']]);
    expect(rules(quarterlySubsidy({ loan: { ...monthly, principalFen: 0 }, quarter: '2026-Q1' }))).toEqual([
      ['loan.principalFen', 'positive_integer_fen'],
    ]);
    expect(
      rules(
        quarterlySubsidy({
          loan: monthly,
          quarter: '2026-Q1',
          arrearsFrom: '2026-02-30',
          misuseOn: 'yesterday',
          paidQuarters: ['2026-Q1', '2026Q2'],
        }),
      ),
    ).toEqual([
      ['arrearsFrom', 'date'],
      ['misuseOn', 'date'],
      ['paidQuarters[1]', 'quarter'],
    ]);
    expect(rules(quarterlySubsidy({ loan: monthly, quarter: '2026-Q1', paidQuarters: '2026-Q1' as never }))).toEqual([
      ['paidQuarters[0]', 'quarter'],
    ]);
  });
});

describe('quarterlySubsidies (a county’s book in one call)', () => {
  /** A deterministic pseudo-random book (LCG), mixing both repayment methods, arrears and misuse. */
  function book(count: number, distinctAmounts: boolean): SubsidyLoan[] {
    let seed = 20260331;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const day = (base: number, span: number) => new Date(Date.UTC(2024, 0, 1) + (base + rand(span)) * 864e5);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return Array.from({ length: count }, (_, i) => {
      const principalFen = distinctAmounts ? 1_000_000 + i : (10 + rand(491)) * 10_000;
      const loan: LoanTerms = {
        principalFen,
        annualRateBp: [435, 475, 490][rand(3)],
        termMonths: [12, 24, 36][rand(3)],
        repayment: rand(4) === 0 ? 'interest_quarterly' : 'equal_instalment',
        disbursedOn: iso(day(0, 800)),
      };
      const arrearsFrom = rand(20) === 0 ? iso(day(700, 200)) : null;
      const misuseOn = rand(100) === 0 ? iso(day(750, 150)) : null;
      return { loan, arrearsFrom, misuseOn, paidQuarters: ['2025-Q4', '2026-Q1'] };
    });
  }

  it('gives exactly what quarterlySubsidy gives, loan by loan', () => {
    const loans = book(2_000, false);
    const batch = quarterlySubsidies(loans, '2026-Q1');
    loans.forEach((loan, i) => expect(batch[i]).toEqual(quarterlySubsidy({ ...loan, quarter: '2026-Q1' })));
    expect(batch.some((r) => r.ok && r.suspended)).toBe(true);
    expect(batch.some((r) => r.ok && r.cancelled)).toBe(true);
    expect(batch.some((r) => r.ok && r.clawbackFen > 0)).toBe(true);
    expect(batch.some((r) => r.ok && r.subsidyFen > 0)).toBe(true);
  });

  it('matches accruedInterestFen for plain loans', () => {
    for (const { loan } of book(300, true))
      expect(quarterlySubsidies([{ loan }], '2026-Q2')[0]).toMatchObject({
        ok: true,
        subsidyFen: accruedInterestFen(loan, '2026-03-31', '2026-06-30'),
      });
  });

  it('reports a refused loan in place and a bad quarter for all', () => {
    const loans: SubsidyLoan[] = [{ loan: monthly }, { loan: { ...monthly, termMonths: 0 } }, { loan: quarterly }];
    const r = quarterlySubsidies(loans, '2026-Q1');
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(r[1].ok ? [] : r[1].violations.map((v) => v.field)).toEqual(['loan.termMonths']);
    expect(quarterlySubsidies(loans, '2026-Q9').every((x) => !x.ok)).toBe(true);
    expect(quarterlySubsidies([], '2026-Q1')).toEqual([]);
  });

  /*
   * Timing (not asserted: machines differ). 100,000 loans: realistic amounts (whole 100 yuan, shared
   * (principal, rate, term) keys) and the worst case of every loan a distinct principal (one BigInt A per loan).
   * The figures are printed; see the report of the change that added this file for a measured run.
   */
  it('computes 100,000 loans’ quarterly subsidy quickly (measured, printed)', () => {
    const figures: string[] = [];
    for (const distinct of [false, true]) {
      const loans = book(100_000, distinct);
      const started = performance.now();
      const results = quarterlySubsidies(loans, '2026-Q1');
      const ms = performance.now() - started;
      expect(results.filter((r) => r.ok)).toHaveLength(100_000);
      figures.push(`${distinct ? 'distinct principals' : 'shared amounts'}: ${ms.toFixed(0)} ms`);
    }
    console.log(`quarterlySubsidies, 100,000 loans — ${figures.join('; ')}`);
  });
});
