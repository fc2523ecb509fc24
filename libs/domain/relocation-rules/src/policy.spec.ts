import {
  DEFAULT_SELF_FINANCING_CAP_FEN,
  DEFAULT_TRANCHE_PLAN,
  ILLUSTRATIVE_RELOCATION_POLICY as POLICY,
  checkTranchePlan,
  resolveRelocationPolicy,
  validatePolicy,
  type RelocationPolicy,
} from './policy';

const fieldsAndRules = (vs: { field: string; rule: string }[]) => vs.map((v) => [v.field, v.rule]);

describe('the illustrative policy and defaults', () => {
  it('is valid and uses the national defaults', () => {
    expect(validatePolicy(POLICY)).toEqual([]);
    expect(POLICY.selfFinancingCapFen).toBe(300_000);
    expect(DEFAULT_SELF_FINANCING_CAP_FEN).toBe(300_000);
    expect(POLICY.maxM2PerPerson).toBe(25);
    expect(DEFAULT_TRANCHE_PLAN).toEqual({ foundation: 3000, roof: 4000, acceptance: 3000 });
  });
});

describe('validatePolicy', () => {
  it('refuses a non-object', () => {
    expect(fieldsAndRules(validatePolicy(null))).toEqual([['policy', 'object']]);
    expect(fieldsAndRules(validatePolicy([]))).toEqual([['policy', 'object']]);
  });
  it('names every bad field, in both languages', () => {
    const bad = {
      provinceCode: '4',
      year: 1999,
      perPersonSubsidyFen: { general: -1, byCounty: { '43052': 100, '430524': 1.5 } },
      monetaryPerPersonFen: '3000',
      selfFinancingCapFen: null,
      maxM2PerPerson: 25.5,
      tranchePlan: { foundation: 3000, roof: 4000, acceptance: 3000, handover: 0 },
      renovationSubsidyFen: { C: 100 },
    };
    const vs = validatePolicy(bad);
    expect(fieldsAndRules(vs)).toEqual([
      ['provinceCode', 'province_code'],
      ['year', 'policy_year'],
      ['perPersonSubsidyFen.general', 'integer_fen'],
      ['perPersonSubsidyFen.byCounty.43052', 'county_code'],
      ['perPersonSubsidyFen.byCounty.430524', 'integer_fen'],
      ['monetaryPerPersonFen', 'integer_fen'],
      ['selfFinancingCapFen', 'integer_fen'],
      ['maxM2PerPerson', 'area_limit'],
      ['tranchePlan.handover', 'unknown_milestone'],
      ['renovationSubsidyFen.D', 'integer_fen'],
    ]);
    for (const v of vs) {
      expect(v.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(v.message.en).toMatch(/[a-z]/);
    }
  });
  it('never lets a province raise the 25 m² red line, but lets it lower it', () => {
    expect(fieldsAndRules(validatePolicy({ ...POLICY, maxM2PerPerson: 25.01 }))).toEqual([
      ['maxM2PerPerson', 'area_limit'],
    ]);
    expect(validatePolicy({ ...POLICY, maxM2PerPerson: 20 })).toEqual([]);
  });
  it('requires tranche shares that sum to exactly 100 %', () => {
    expect(fieldsAndRules(checkTranchePlan({ foundation: 3000, roof: 4000, acceptance: 3001 }))).toEqual([
      ['tranchePlan', 'shares_sum'],
    ]);
    expect(fieldsAndRules(checkTranchePlan({ foundation: 3000, roof: 7000 }))).toEqual([
      ['tranchePlan.acceptance', 'basis_points'],
    ]);
    expect(checkTranchePlan({ foundation: 0, roof: 0, acceptance: 10000 })).toEqual([]);
  });
});

describe('resolveRelocationPolicy (versions by province and year)', () => {
  const v2016 = POLICY;
  const v2019: RelocationPolicy = { ...POLICY, year: 2019, perPersonSubsidyFen: { general: 2_400_000, byCounty: {} } };
  const other: RelocationPolicy = { ...POLICY, provinceCode: '52', year: 2010 };
  const all = [v2019, other, v2016];

  it('picks the latest version at or before the year', () => {
    expect(resolveRelocationPolicy(all, '43', 2016)).toEqual({ ok: true, policy: v2016 });
    expect(resolveRelocationPolicy(all, '43', 2018)).toEqual({ ok: true, policy: v2016 });
    expect(resolveRelocationPolicy(all, '43', 2019)).toEqual({ ok: true, policy: v2019 });
    expect(resolveRelocationPolicy(all, '43', 2025)).toEqual({ ok: true, policy: v2019 });
    expect(resolveRelocationPolicy(all, '52', 2016)).toEqual({ ok: true, policy: other });
  });
  it('refuses a year before the first version, or a province without a table', () => {
    expect(resolveRelocationPolicy(all, '43', 2015)).toMatchObject({
      ok: false,
      refusal: { field: 'year', rule: 'no_policy' },
    });
    expect(resolveRelocationPolicy(all, '11', 2020)).toMatchObject({ ok: false, refusal: { rule: 'no_policy' } });
  });
  it('refuses two versions for the same province and year', () => {
    expect(resolveRelocationPolicy([v2019, { ...v2019 }], '43', 2020)).toMatchObject({
      ok: false,
      refusal: { rule: 'duplicate_version' },
    });
  });
});
