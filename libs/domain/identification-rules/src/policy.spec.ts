import {
  DEFAULT_GUARANTEE_STANDARDS,
  DEFAULT_MONITORING_LINE_FACTOR_BP,
  NATIONAL_POVERTY_LINES,
  type PovertyPolicyOverride,
  monitoringLineFen,
  nationalPovertyLine,
  resolvePolicy,
  validatePolicy,
} from './policy';

describe('national poverty lines (国家贫困标准, seed data)', () => {
  it('carries the SPEC values in fen', () => {
    expect(nationalPovertyLine(2015)).toEqual({ year: 2015, povertyLineFen: 285_500, source: 'spec' });
    expect(nationalPovertyLine(2019)).toEqual({ year: 2019, povertyLineFen: 321_800, source: 'spec' });
    expect(nationalPovertyLine(2020)).toEqual({ year: 2020, povertyLineFen: 400_000, source: 'spec' });
    expect(nationalPovertyLine(2014)?.povertyLineFen).toBe(280_000);
  });

  it('seeds the published current-price lines for 2014 and 2016–2018 and the SPEC values for 2015, 2019, 2020', () => {
    expect(NATIONAL_POVERTY_LINES.map((l) => [l.year, l.povertyLineFen, l.source])).toEqual([
      [2014, 280_000, 'published'],
      [2015, 285_500, 'spec'],
      [2016, 295_200, 'published'],
      [2017, 295_200, 'published'],
      [2018, 299_500, 'published'],
      [2019, 321_800, 'spec'],
      [2020, 400_000, 'spec'],
    ]);
  });

  it('is one line per year, ascending, positive whole fen, and frozen', () => {
    const years = NATIONAL_POVERTY_LINES.map((l) => l.year);
    expect(years).toEqual([2014, 2015, 2016, 2017, 2018, 2019, 2020]);
    for (let i = 1; i < NATIONAL_POVERTY_LINES.length; i++) {
      expect(NATIONAL_POVERTY_LINES[i].povertyLineFen).toBeGreaterThanOrEqual(
        NATIONAL_POVERTY_LINES[i - 1].povertyLineFen,
      );
    }
    for (const l of NATIONAL_POVERTY_LINES)
      expect(Number.isSafeInteger(l.povertyLineFen) && l.povertyLineFen > 0).toBe(true);
    expect(Object.isFrozen(NATIONAL_POVERTY_LINES)).toBe(true);
    expect(Object.isFrozen(NATIONAL_POVERTY_LINES[0])).toBe(true);
  });

  it('never guesses a year that is not seeded', () => {
    expect(nationalPovertyLine(2013)).toBeNull();
    expect(nationalPovertyLine(2021)).toBeNull();
  });
});

describe('resolvePolicy (适用标准)', () => {
  const hunan3535: PovertyPolicyOverride = { province: '43', year: 2019, povertyLineFen: 353_500 };

  it('uses the national line when the province has no override', () => {
    const r = resolvePolicy('43', 2019, []);
    expect(r).toEqual({
      ok: true,
      value: {
        province: '43',
        year: 2019,
        povertyLineFen: 321_800,
        monitoringLineFactorBp: DEFAULT_MONITORING_LINE_FACTOR_BP,
        guarantees: { unsafeHousingGrades: ['C', 'D'], compulsoryEducationAge: { min: 6, max: 15 } },
        source: 'national',
        nationalLineFen: 321_800,
      },
    });
  });

  it("uses the province's own higher line (e.g. 3,535 yuan) for that province and year only", () => {
    expect(resolvePolicy('43', 2019, [hunan3535])).toMatchObject({
      ok: true,
      value: { povertyLineFen: 353_500, source: 'province', nationalLineFen: 321_800 },
    });
    expect(resolvePolicy('44', 2019, [hunan3535])).toMatchObject({
      ok: true,
      value: { povertyLineFen: 321_800, source: 'national' },
    });
    expect(resolvePolicy('43', 2018, [hunan3535])).toMatchObject({
      ok: true,
      value: { povertyLineFen: 299_500, source: 'national' },
    });
  });

  it('accepts any division code inside the province', () => {
    expect(resolvePolicy('430524101201', 2019, [hunan3535])).toMatchObject({
      ok: true,
      value: { province: '43', povertyLineFen: 353_500 },
    });
    expect(resolvePolicy('430524', 2019, [hunan3535])).toMatchObject({ ok: true, value: { province: '43' } });
  });

  it('lets an override change only the monitoring factor or guarantee standards, keeping the national line', () => {
    const r = resolvePolicy('52', 2020, [
      {
        province: '52',
        year: 2020,
        monitoringLineFactorBp: 20_000,
        guarantees: { unsafeHousingGrades: ['B', 'C', 'D'] },
      },
    ]);
    expect(r).toMatchObject({
      ok: true,
      value: {
        povertyLineFen: 400_000,
        source: 'national',
        monitoringLineFactorBp: 20_000,
        guarantees: { unsafeHousingGrades: ['B', 'C', 'D'], compulsoryEducationAge: { min: 6, max: 15 } },
      },
    });
  });

  it('resolves a year without a national seed only from a province line, else refuses (never guesses)', () => {
    expect(resolvePolicy('43', 2021, [])).toMatchObject({
      ok: false,
      violations: [{ field: 'year', rule: 'no_policy' }],
    });
    expect(resolvePolicy('43', 2021, [{ province: '43', year: 2021, povertyLineFen: 420_000 }])).toMatchObject({
      ok: true,
      value: { povertyLineFen: 420_000, nationalLineFen: null },
    });
  });

  it('takes the national lines as data too', () => {
    expect(resolvePolicy('43', 2021, [], [{ year: 2021, povertyLineFen: 410_000, source: 'published' }])).toMatchObject(
      { ok: true, value: { povertyLineFen: 410_000 } },
    );
  });

  it('refuses malformed codes, years, two overrides for one province-year, and invalid overrides', () => {
    expect(resolvePolicy('99', 2019, [])).toMatchObject({
      ok: false,
      violations: [{ field: 'province', rule: 'province_code' }],
    });
    expect(resolvePolicy('4305x', 2019, [])).toMatchObject({ ok: false, violations: [{ field: 'province' }] });
    expect(resolvePolicy('43', 2010, [])).toMatchObject({
      ok: false,
      violations: [{ field: 'year', rule: 'year_range' }],
    });
    expect(resolvePolicy('43', 2019.5, [])).toMatchObject({ ok: false, violations: [{ field: 'year' }] });
    expect(resolvePolicy('43', 2019, [hunan3535, { ...hunan3535, povertyLineFen: 360_000 }])).toMatchObject({
      ok: false,
      violations: [{ rule: 'ambiguous_override' }],
    });
    expect(resolvePolicy('43', 2019, [{ province: '43', year: 2019, povertyLineFen: 300_000 }])).toMatchObject({
      ok: false,
      violations: [{ field: 'overrides.povertyLineFen', rule: 'below_national_line' }],
    });
  });

  it('returns a copy: changing the result does not change the defaults', () => {
    const r = resolvePolicy('43', 2019, []);
    if (!r.ok) throw new Error('expected ok');
    (r.value.guarantees.unsafeHousingGrades as string[]).push('B');
    expect(DEFAULT_GUARANTEE_STANDARDS.unsafeHousingGrades).toEqual(['C', 'D']);
  });
});

describe('validatePolicy', () => {
  it('accepts a well-formed policy', () => {
    expect(
      validatePolicy({ province: '43', year: 2019, povertyLineFen: 353_500, monitoringLineFactorBp: 15_000 }),
    ).toEqual([]);
  });

  it('names every broken field and rule', () => {
    const v = validatePolicy({
      province: '4',
      year: 1999,
      povertyLineFen: 3535.5,
      monitoringLineFactorBp: 9_999,
      guarantees: { unsafeHousingGrades: ['E' as 'A'], compulsoryEducationAge: { min: 16, max: 6 } },
    });
    expect(v.map((x) => [x.field, x.rule])).toEqual([
      ['province', 'province_code'],
      ['year', 'year_range'],
      ['povertyLineFen', 'integer_fen'],
      ['monitoringLineFactorBp', 'factor_range'],
      ['guarantees.unsafeHousingGrades', 'housing_grades'],
      ['guarantees.compulsoryEducationAge', 'age_range'],
    ]);
    for (const x of v) expect(x.message['zh-CN'].length > 0 && x.message.en.length > 0).toBe(true);
  });

  it('refuses zero, negative and absurd lines', () => {
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: 0 })).toMatchObject([{ rule: 'positive' }]);
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: -1 })).toMatchObject([{ rule: 'positive' }]);
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: 5_000_001 })).toMatchObject([
      { rule: 'absurd_amount' },
    ]);
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: Number.NaN })).toMatchObject([
      { rule: 'integer_fen' },
    ]);
  });

  it('refuses a province line below the national line of the year, unless no national lines are given', () => {
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: 321_799 })).toMatchObject([
      { rule: 'below_national_line' },
    ]);
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: 321_800 })).toEqual([]);
    expect(validatePolicy({ province: '43', year: 2019, povertyLineFen: 321_799 }, null)).toEqual([]);
  });

  it('refuses duplicate or empty unsafe housing grades', () => {
    expect(
      validatePolicy({ province: '43', year: 2019, guarantees: { unsafeHousingGrades: ['C', 'C'] } }),
    ).toMatchObject([{ rule: 'housing_grades' }]);
    expect(validatePolicy({ province: '43', year: 2019, guarantees: { unsafeHousingGrades: [] } })).toMatchObject([
      { rule: 'housing_grades' },
    ]);
  });
});

describe('monitoringLineFen (监测线)', () => {
  it('is line × factor, half-up in whole fen', () => {
    expect(monitoringLineFen({ povertyLineFen: 400_000 })).toBe(600_000);
    expect(monitoringLineFen({ povertyLineFen: 321_800, monitoringLineFactorBp: 15_000 })).toBe(482_700);
    expect(monitoringLineFen({ povertyLineFen: 3, monitoringLineFactorBp: 15_000 })).toBe(5); // 4.5 → 5
    expect(monitoringLineFen({ povertyLineFen: 1, monitoringLineFactorBp: 14_999 })).toBe(1); // 1.4999 → 1
  });
});
