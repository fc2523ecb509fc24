import {
  accruedInterestFen,
  addDays,
  addMonthsClamped,
  checkLoanTerms,
  daysBetween,
  equalInstalmentFen,
  halfUpMulDiv,
  isIsoDate,
  loanSchedule,
  maturityDate,
  type LoanSchedule,
  type LoanTerms,
} from './loan-schedule';

const example: LoanTerms = {
  principalFen: 5_000_000,
  annualRateBp: 435,
  termMonths: 36,
  repayment: 'equal_instalment',
  disbursedOn: '2026-01-31',
};

function scheduleOf(terms: LoanTerms): LoanSchedule {
  const result = loanSchedule(terms);
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.schedule;
}

const rows = (s: LoanSchedule) => s.instalments.map((i) => [i.dueOn, i.principalFen, i.interestFen]);
const sumPrincipal = (s: LoanSchedule) => s.instalments.reduce((t, i) => t + i.principalFen, 0);

/**
 * Expected figures computed independently in Python 3 with `fractions.Fraction` (exact rationals, half-up as
 * floor(x + 1/2), dates with `datetime.date` and `calendar.monthrange`), following the spec line by line, and pasted
 * here. The script is not part of the repository.
 */
const EXAMPLE_ROWS = [
  ['2026-02-28', 130275, 18125],
  ['2026-03-31', 130747, 17653],
  ['2026-04-30', 131221, 17179],
  ['2026-05-31', 131697, 16703],
  ['2026-06-30', 132174, 16226],
  ['2026-07-31', 132653, 15747],
  ['2026-08-31', 133134, 15266],
  ['2026-09-30', 133617, 14783],
  ['2026-10-31', 134101, 14299],
  ['2026-11-30', 134587, 13813],
  ['2026-12-31', 135075, 13325],
  ['2027-01-31', 135565, 12835],
  ['2027-02-28', 136056, 12344],
  ['2027-03-31', 136550, 11850],
  ['2027-04-30', 137045, 11355],
  ['2027-05-31', 137541, 10859],
  ['2027-06-30', 138040, 10360],
  ['2027-07-31', 138540, 9860],
  ['2027-08-31', 139042, 9358],
  ['2027-09-30', 139547, 8853],
  ['2027-10-31', 140052, 8348],
  ['2027-11-30', 140560, 7840],
  ['2027-12-31', 141070, 7330],
  ['2028-01-31', 141581, 6819],
  ['2028-02-29', 142094, 6306],
  ['2028-03-31', 142609, 5791],
  ['2028-04-30', 143126, 5274],
  ['2028-05-31', 143645, 4755],
  ['2028-06-30', 144166, 4234],
  ['2028-07-31', 144688, 3712],
  ['2028-08-31', 145213, 3187],
  ['2028-09-30', 145739, 2661],
  ['2028-10-31', 146268, 2132],
  ['2028-11-30', 146798, 1602],
  ['2028-12-31', 147330, 1070],
  ['2029-01-31', 147854, 536],
];

/**
 * Random loans (seeded), same Python/Fraction reference: [principal, bp, term, repayment, disbursedOn, instalments,
 * last due date, first principal, first interest, last principal, last interest, total interest, Σ k·interest_k].
 */
type Vector = [number, number, number, LoanTerms['repayment'], string, number, string, ...number[]];
const RANDOM_VECTORS: Vector[] = [
  [1108800, 549, 24, 'equal_instalment', '2026-12-27', 24, '2028-12-27', 43815, 5073, 48671, 223, 64518, 564018],
  [5000000, 0, 12, 'equal_instalment', '2024-04-02', 12, '2025-04-02', 416667, 0, 416663, 0, 0, 0],
  [
    5000000,
    1083,
    211,
    'equal_instalment',
    '2027-03-05',
    211,
    '2044-10-05',
    7976,
    45125,
    52757,
    476,
    6204443,
    500211366,
  ],
  [2860400, 130, 6, 'interest_quarterly', '2025-06-07', 3, '2025-12-07', 0, 1343, 2860400, 8057, 18903, 44520],
  [5000000, 490, 2, 'interest_quarterly', '2028-06-23', 1, '2028-08-23', 5000000, 41514, 5000000, 41514, 41514, 41514],
  [5000000, 435, 24, 'interest_quarterly', '2024-06-09', 9, '2026-06-09', 0, 6646, 5000000, 48938, 441041, 2371957],
  [4141674, 490, 2, 'interest_quarterly', '2024-11-07', 2, '2025-01-07', 0, 24240, 4141674, 10147, 34387, 44534],
  [586200, 490, 153, 'interest_quarterly', '2024-03-08', 52, '2036-12-08', 0, 957, 586200, 6303, 371670, 9986658],
  [596900, 1224, 12, 'interest_quarterly', '2024-12-22', 5, '2025-12-22', 0, 17859, 596900, 406, 74075, 187116],
  [2367904, 0, 317, 'equal_instalment', '2029-06-12', 317, '2055-11-12', 7470, 0, 7384, 0, 0, 0],
  [
    5000000,
    1804,
    36,
    'equal_instalment',
    '2026-01-10',
    36,
    '2029-01-10',
    105695,
    75167,
    178198,
    2679,
    1511047,
    19941513,
  ],
  [5000000, 490, 1, 'equal_instalment', '2027-10-04', 1, '2027-11-04', 5000000, 20417, 5000000, 20417, 20417, 20417],
  [2170400, 435, 24, 'interest_quarterly', '2028-07-07', 9, '2030-07-07', 0, 19669, 2170400, 4458, 191447, 896917],
  [801100, 435, 24, 'interest_quarterly', '2024-02-18', 9, '2026-02-18', 0, 3001, 801100, 5808, 70763, 364849],
  [
    5000000,
    790,
    214,
    'interest_quarterly',
    '2026-12-03',
    73,
    '2044-10-03',
    0,
    18653,
    5000000,
    14264,
    7147285,
    264336518,
  ],
  [3078500, 0, 3, 'equal_instalment', '2027-12-03', 3, '2028-03-03', 1026167, 0, 1026166, 0, 0, 0],
  [452900, 490, 3, 'equal_instalment', '2026-03-14', 3, '2026-06-14', 150352, 1849, 151582, 619, 3703, 6176],
  [5000000, 475, 2, 'interest_quarterly', '2028-11-21', 2, '2029-01-21', 0, 19132, 5000000, 21111, 40243, 61354],
  [4414400, 0, 2, 'equal_instalment', '2027-03-03', 2, '2027-05-03', 2207200, 0, 2207200, 0, 0, 0],
  [1085700, 0, 24, 'interest_quarterly', '2026-02-08', 9, '2028-02-08', 0, 0, 1085700, 0, 0, 0],
  [5000000, 490, 6, 'interest_quarterly', '2024-03-14', 3, '2024-09-14', 0, 4083, 5000000, 58528, 125222, 304889],
  [5000000, 99, 3, 'equal_instalment', '2024-12-16', 3, '2025-03-16', 1665292, 4125, 1668042, 1376, 8252, 13755],
  [1164900, 490, 6, 'interest_quarterly', '2028-02-26', 3, '2028-08-26', 0, 3647, 1164900, 10623, 28857, 64690],
  [3803510, 1987, 3, 'equal_instalment', '2026-01-27', 3, '2026-04-27', 1247073, 62980, 1288714, 21339, 126649, 211657],
];

describe('calendar helpers', () => {
  it('recognises real YYYY-MM-DD dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of ['2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '26-01-01', '', 20260101, null])
      expect(isIsoDate(bad)).toBe(false);
  });

  it('adds days and months (clamped from the original day)', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('1970-01-01', -1)).toBe('1969-12-31');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2000-01-01', '1900-01-01')).toBe(-36524);
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonthsClamped('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-05-15', 12 * 30)).toBe('2056-05-15');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('rounds half up exactly, also beyond 2^53', () => {
    expect(halfUpMulDiv(1, 1, 2)).toBe(1);
    expect(halfUpMulDiv(1, 1, 3)).toBe(0);
    expect(halfUpMulDiv(5, 1, 2)).toBe(3);
    expect(halfUpMulDiv(7, 1, 2)).toBe(4);
    expect(halfUpMulDiv(0, 99, 7)).toBe(0);
    // 10^12 · 10^4 · 92 / 3.6·10^6 = 255 555 555 555.55… → …556
    expect(halfUpMulDiv(1_000_000_000_000, 920_000, 3_600_000)).toBe(255_555_555_556);
    expect(halfUpMulDiv(Number.MAX_SAFE_INTEGER, 2, 4)).toBe(4503599627370496);
  });
});

describe('loanSchedule: equal_instalment (等额本息)', () => {
  it('computes the spec example exactly: every one of the 36 rows and the total', () => {
    const s = scheduleOf(example);
    expect(s.instalments[0]).toEqual({ dueOn: '2026-02-28', principalFen: 130275, interestFen: 18125 });
    expect(rows(s)).toEqual(EXAMPLE_ROWS);
    expect(s.totalInterestFen).toBe(342390);
    expect(sumPrincipal(s)).toBe(5_000_000);
    expect(equalInstalmentFen(5_000_000, 435, 36)).toBe(148400);
  });

  it('every instalment but the last is A; the last takes the remaining balance', () => {
    const s = scheduleOf(example);
    for (const i of s.instalments.slice(0, -1)) expect(i.principalFen + i.interestFen).toBe(148400);
    expect(s.instalments[35].principalFen + s.instalments[35].interestFen).toBe(148390);
  });

  it('the result has exactly the API shape', () => {
    expect(Object.keys(scheduleOf(example)).sort()).toEqual(['instalments', 'totalInterestFen']);
    expect(Object.keys(scheduleOf(example).instalments[0]).sort()).toEqual(['dueOn', 'interestFen', 'principalFen']);
  });

  it('due dates clamp from the original day each month, through a leap February', () => {
    const s = scheduleOf({
      ...example,
      principalFen: 3_000_000,
      annualRateBp: 500,
      termMonths: 24,
      disbursedOn: '2028-01-30',
    });
    expect(s.instalments.slice(0, 3).map((i) => i.dueOn)).toEqual(['2028-02-29', '2028-03-30', '2028-04-30']);
    expect(rows(s).slice(0, 2)).toEqual([
      ['2028-02-29', 119114, 12500],
      ['2028-03-30', 119610, 12004],
    ]);
    expect(rows(s).slice(-2)).toEqual([
      ['2029-12-30', 130524, 1090],
      ['2030-01-30', 131072, 546],
    ]);
    expect(s.totalInterestFen).toBe(158740);
    expect(sumPrincipal(s)).toBe(3_000_000);
  });

  it('r = 0: A = half_up(P/n), no interest, the last takes the remainder', () => {
    const s = scheduleOf({ ...example, principalFen: 1_000_000, annualRateBp: 0, termMonths: 3 });
    expect(rows(s)).toEqual([
      ['2026-02-28', 333333, 0],
      ['2026-03-31', 333333, 0],
      ['2026-04-30', 333334, 0],
    ]);
    expect(s.totalInterestFen).toBe(0);
    expect(rows(scheduleOf({ ...example, principalFen: 5, annualRateBp: 0, termMonths: 2 }))).toEqual([
      ['2026-02-28', 3, 0], // 2.5 rounds half up
      ['2026-03-31', 2, 0],
    ]);
  });

  it('a 1-month term is one instalment of principal + one month of interest', () => {
    const s = scheduleOf({ ...example, termMonths: 1 });
    expect(rows(s)).toEqual([['2026-02-28', 5_000_000, 18125]]);
    expect(s.totalInterestFen).toBe(18125);
  });

  it('never lets the balance go negative for a principal of a few fen (A rounded up)', () => {
    // Literally A − interest would give 1,1,1,1,−1; the principal is capped at the balance instead.
    const s = scheduleOf({ ...example, principalFen: 3, annualRateBp: 0, termMonths: 5 });
    expect(s.instalments.map((i) => i.principalFen)).toEqual([1, 1, 1, 0, 0]);
    expect(sumPrincipal(s)).toBe(3);
  });

  it('stays exact at the largest supported figures (BigInt beyond 2^53)', () => {
    const s = scheduleOf({
      principalFen: 1_000_000_000_000,
      annualRateBp: 10_000,
      termMonths: 360,
      repayment: 'equal_instalment',
      disbursedOn: '2026-05-15',
    });
    expect(s.instalments).toHaveLength(360);
    expect(s.instalments[0]).toEqual({ dueOn: '2026-06-15', principalFen: 0, interestFen: 83_333_333_333 });
    expect(s.instalments[359]).toEqual({
      dueOn: '2056-05-15',
      principalFen: 1_000_000_000_000,
      interestFen: 83_333_333_333,
    });
    expect(s.totalInterestFen).toBe(29_999_999_999_880);
  });
});

describe('loanSchedule: interest_quarterly (按季结息、到期还本)', () => {
  const quarterly: LoanTerms = { ...example, repayment: 'interest_quarterly' };

  it('settles on the 20th of Mar/Jun/Sep/Dec and at maturity, ACT/360, principal at maturity', () => {
    const s = scheduleOf(quarterly);
    expect(s.instalments).toHaveLength(13);
    expect(rows(s).slice(0, 3)).toEqual([
      ['2026-03-20', 0, 29000], // 48 days
      ['2026-06-20', 0, 55583], // 92 days
      ['2026-09-20', 0, 55583],
    ]);
    expect(rows(s).slice(-2)).toEqual([
      ['2028-12-20', 0, 54979], // 91 days
      ['2029-01-31', 5_000_000, 25375], // 42 days to maturity
    ]);
    expect(s.totalInterestFen).toBe(662164);
    expect(sumPrincipal(s)).toBe(5_000_000);
  });

  it('excludes a settlement day equal to the disbursement or to maturity', () => {
    const s = scheduleOf({ ...quarterly, termMonths: 3, disbursedOn: '2026-03-20' });
    expect(rows(s)).toEqual([['2026-06-20', 5_000_000, 55583]]);
  });

  it('counts 29 February (disbursed 2027-12-20)', () => {
    const s = scheduleOf({ ...quarterly, termMonths: 12, disbursedOn: '2027-12-20' });
    expect(rows(s)).toEqual([
      ['2028-03-20', 0, 54979], // 91 days including 2028-02-29
      ['2028-06-20', 0, 55583],
      ['2028-09-20', 0, 55583],
      ['2028-12-20', 5_000_000, 54979],
    ]);
    expect(s.totalInterestFen).toBe(221124);
  });

  it('disbursed on 2028-02-29: maturity clamps to 2029-02-28', () => {
    const s = scheduleOf({ ...quarterly, termMonths: 12, disbursedOn: '2028-02-29' });
    expect(rows(s)).toEqual([
      ['2028-03-20', 0, 12083], // 20 days
      ['2028-06-20', 0, 55583],
      ['2028-09-20', 0, 55583],
      ['2028-12-20', 0, 54979],
      ['2029-02-28', 5_000_000, 42292], // 70 days
    ]);
    expect(s.totalInterestFen).toBe(220520);
    expect(maturityDate({ termMonths: 12, disbursedOn: '2028-02-29' })).toBe('2029-02-28');
  });

  it('a 1-month term is the principal and the month’s ACT/360 interest at maturity', () => {
    const s = scheduleOf({ ...quarterly, termMonths: 1, disbursedOn: '2028-01-31' });
    expect(rows(s)).toEqual([['2028-02-29', 5_000_000, 17521]]); // 29 days
  });

  it('r = 0 has no interest', () => {
    const s = scheduleOf({ ...quarterly, annualRateBp: 0 });
    expect(s.totalInterestFen).toBe(0);
    expect(s.instalments.every((i) => i.interestFen === 0)).toBe(true);
  });

  it('stays exact at the largest supported figures', () => {
    const s = scheduleOf({
      ...quarterly,
      principalFen: 1e12,
      annualRateBp: 10_000,
      termMonths: 360,
      disbursedOn: '2026-05-15',
    });
    expect(s.instalments).toHaveLength(121);
    expect(rows(s).slice(0, 2)).toEqual([
      ['2026-06-20', 0, 100_000_000_000],
      ['2026-09-20', 0, 255_555_555_556],
    ]);
    expect(s.totalInterestFen).toBe(30_438_888_888_924);
  });
});

describe('loanSchedule agrees with the independent reference on random loans', () => {
  it.each(RANDOM_VECTORS)(
    '%d fen at %d bp for %d months, %s from %s',
    (principalFen, annualRateBp, termMonths, repayment, disbursedOn, ...f) => {
      const [count, lastDue, firstP, firstI, lastP, lastI, total, weighted] = f as [number, string, ...number[]];
      const s = scheduleOf({ principalFen, annualRateBp, termMonths, repayment, disbursedOn });
      const first = s.instalments[0];
      const last = s.instalments[s.instalments.length - 1];
      expect(s.instalments).toHaveLength(count);
      expect([first.principalFen, first.interestFen, last.principalFen, last.interestFen]).toEqual([
        firstP,
        firstI,
        lastP,
        lastI,
      ]);
      expect(last.dueOn).toBe(lastDue);
      expect(last.dueOn).toBe(maturityDate({ disbursedOn, termMonths }));
      expect(s.totalInterestFen).toBe(total);
      expect(s.instalments.reduce((t, i, k) => t + (k + 1) * i.interestFen, 0)).toBe(weighted);
      expect(sumPrincipal(s)).toBe(principalFen);
    },
  );
});

describe('loanSchedule refuses invalid input as violations', () => {
  const fieldsAndRules = (terms: unknown) => {
    const r = loanSchedule(terms as LoanTerms);
    return r.ok ? [] : r.violations.map((v) => [v.field, v.rule]);
  };

  it.each([
    [{ principalFen: 0 }, 'principalFen', 'positive_integer_fen'],
    [{ principalFen: -100 }, 'principalFen', 'positive_integer_fen'],
    [{ principalFen: 100.5 }, 'principalFen', 'positive_integer_fen'],
    [{ principalFen: '5000000' }, 'principalFen', 'positive_integer_fen'],
    [{ principalFen: 1_000_000_000_001 }, 'principalFen', 'max_principal'],
    [{ annualRateBp: -1 }, 'annualRateBp', 'non_negative_integer_bp'],
    [{ annualRateBp: 4.35 }, 'annualRateBp', 'non_negative_integer_bp'],
    [{ annualRateBp: Number.NaN }, 'annualRateBp', 'non_negative_integer_bp'],
    [{ annualRateBp: 10_001 }, 'annualRateBp', 'max_rate'],
    [{ termMonths: 0 }, 'termMonths', 'term_range'],
    [{ termMonths: 361 }, 'termMonths', 'term_range'],
    [{ termMonths: 12.5 }, 'termMonths', 'term_range'],
    [{ disbursedOn: '2026-02-30' }, 'disbursedOn', 'date'],
    [{ disbursedOn: '2026/01/31' }, 'disbursedOn', 'date'],
    [{ disbursedOn: undefined }, 'disbursedOn', 'date'],
    [{ repayment: 'balloon' }, 'repayment', 'unknown_repayment'],
    [{ repayment: undefined }, 'repayment', 'unknown_repayment'],
  ])('%j → %s / %s', (change, field, rule) => {
    expect(fieldsAndRules({ ...example, ...change })).toEqual([[field, rule]]);
  });

  it('accepts the bounds and reports every broken rule at once with both languages', () => {
    expect(checkLoanTerms({ ...example, termMonths: 360, annualRateBp: 0, principalFen: 1 })).toEqual([]);
    expect(checkLoanTerms({ ...example, termMonths: 1, annualRateBp: 10_000, principalFen: 1e12 })).toEqual([]);
    const v = loanSchedule({} as LoanTerms);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.violations.map((x) => x.field)).toEqual([
      'principalFen',
      'annualRateBp',
      'termMonths',
      'repayment',
      'disbursedOn',
    ]);
    for (const x of v.violations) {
      expect(x.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(x.message.en.length).toBeGreaterThan(0);
    }
  });
});

describe('accruedInterestFen (应计利息, the base of 贴息)', () => {
  it('equal_instalment: the interest of the instalments due within (from, to]', () => {
    expect(accruedInterestFen(example, '2025-12-31', '2026-03-31')).toBe(18125 + 17653);
    expect(accruedInterestFen(example, '2026-03-31', '2026-06-30')).toBe(17179 + 16703 + 16226);
    expect(accruedInterestFen(example, '2026-02-28', '2026-03-30')).toBe(0); // due 02-28 excluded, 03-31 not yet
    expect(accruedInterestFen(example, '2026-02-27', '2026-02-28')).toBe(18125);
    expect(accruedInterestFen(example, '2000-01-01', '2100-01-01')).toBe(342390);
    expect(accruedInterestFen(example, '2029-01-31', '2030-01-01')).toBe(0);
  });

  it('equal_instalment: the same with a given schedule', () => {
    const s = scheduleOf(example);
    expect(accruedInterestFen(example, '2025-12-31', '2026-03-31', s)).toBe(18125 + 17653);
    expect(accruedInterestFen(example, '2028-12-31', '2029-03-31', s)).toBe(536);
    expect(accruedInterestFen(example, '2026-03-31', '2025-12-31', s)).toBe(0);
  });

  it('interest_quarterly: ACT/360 on the principal per day of the period within the loan', () => {
    const q: LoanTerms = { ...example, repayment: 'interest_quarterly' };
    // 2026-Q1: 2026-02-01 … 2026-03-31 = 59 days (the loan runs from the day after 2026-01-31)
    expect(accruedInterestFen(q, '2025-12-31', '2026-03-31')).toBe(35646);
    // whole quarters: Q4 has 92 days, 2027-Q1 90, 2028-Q1 91 (leap)
    expect(accruedInterestFen(q, '2026-09-30', '2026-12-31')).toBe(55583);
    expect(accruedInterestFen(q, '2026-12-31', '2027-03-31')).toBe(54375);
    expect(accruedInterestFen(q, '2027-12-31', '2028-03-31')).toBe(54979);
    // over the whole loan: one rounding over 1096 days, within a few fen of the per-period sum 662164
    expect(accruedInterestFen(q, '2026-01-31', '2029-01-31')).toBe(662167);
    expect(accruedInterestFen(q, '2029-01-31', '2029-03-31')).toBe(0);
    expect(accruedInterestFen(q, '2026-06-30', '2026-06-01')).toBe(0);
  });

  it('throws on refused terms or bad dates (validate first)', () => {
    expect(() => accruedInterestFen({ ...example, principalFen: 0 }, '2026-01-01', '2026-03-31')).toThrow(RangeError);
    expect(() => accruedInterestFen(example, '2026-01-01', '2026-02-30')).toThrow(RangeError);
  });
});
