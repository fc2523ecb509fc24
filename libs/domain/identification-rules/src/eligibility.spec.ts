import {
  GUARANTEES,
  GUARANTEE_LABELS,
  type Guarantees,
  assessEligibility,
  guaranteesFromObservations,
  type LivingConditionObservations,
} from './eligibility';

const allMet: Guarantees = {
  food: true,
  clothing: true,
  compulsoryEducation: true,
  basicMedical: true,
  housingSafety: true,
  drinkingWater: true,
};
const policy2019 = { year: 2019, povertyLineFen: 321_800 };

describe('assessEligibility (识别标准)', () => {
  it('is eligible below the line', () => {
    const r = assessEligibility({ perCapitaFen: 300_000, guarantees: allMet, policy: policy2019 });
    expect(r).toMatchObject({
      eligible: true,
      basis: 'below_line',
      unmetGuarantees: [],
      lineFen: 321_800,
      perCapitaFen: 300_000,
    });
    expect(r.reasons).toEqual([
      {
        'zh-CN': '人均纯收入3000.00元低于2019年贫困标准3218.00元',
        en: 'per-capita net income 3000.00 yuan is below the 2019 poverty line of 3218.00 yuan',
      },
    ]);
  });

  it('is NOT below the line exactly at the line', () => {
    const r = assessEligibility({ perCapitaFen: 321_800, guarantees: allMet, policy: policy2019 });
    expect(r).toMatchObject({ eligible: false, basis: null, unmetGuarantees: [] });
    expect(r.reasons[0]['zh-CN']).toContain('不低于');
  });

  it('is below the line one fen under it', () => {
    expect(assessEligibility({ perCapitaFen: 321_799, guarantees: allMet, policy: policy2019 })).toMatchObject({
      eligible: true,
      basis: 'below_line',
    });
  });

  it('is eligible above the line when a guarantee is unmet, listing each one', () => {
    const r = assessEligibility({
      perCapitaFen: 500_000,
      guarantees: { ...allMet, housingSafety: false, drinkingWater: false },
      policy: policy2019,
    });
    expect(r).toMatchObject({
      eligible: true,
      basis: 'guarantee_unmet',
      unmetGuarantees: ['housingSafety', 'drinkingWater'],
    });
    expect(r.reasons.map((m) => m['zh-CN'])).toEqual([
      '人均纯收入5000.00元不低于2019年贫困标准3218.00元',
      '未达到“住房安全有保障”',
      '未达到“饮水安全有保障”',
    ]);
  });

  it('is eligible exactly at the line when a guarantee is unmet', () => {
    expect(
      assessEligibility({ perCapitaFen: 321_800, guarantees: { ...allMet, basicMedical: false }, policy: policy2019 }),
    ).toMatchObject({
      eligible: true,
      basis: 'guarantee_unmet',
      unmetGuarantees: ['basicMedical'],
    });
  });

  it('reports below_line as the basis when both hold, and still lists the unmet guarantees', () => {
    expect(
      assessEligibility({ perCapitaFen: 100, guarantees: { ...allMet, food: false }, policy: policy2019 }),
    ).toMatchObject({
      basis: 'below_line',
      unmetGuarantees: ['food'],
    });
  });

  it('treats a negative income (a loss) as below the line', () => {
    expect(assessEligibility({ perCapitaFen: -5, guarantees: allMet, policy: policy2019 })).toMatchObject({
      eligible: true,
      basis: 'below_line',
    });
  });

  it('uses the line it is given (a province line), never a built-in one', () => {
    expect(assessEligibility({ perCapitaFen: 330_000, guarantees: allMet, policy: policy2019 }).eligible).toBe(false);
    expect(
      assessEligibility({ perCapitaFen: 330_000, guarantees: allMet, policy: { year: 2019, povertyLineFen: 353_500 } }),
    ).toMatchObject({ eligible: true, lineFen: 353_500 });
  });

  it('throws on programmer errors (unvalidated inputs)', () => {
    expect(() => assessEligibility({ perCapitaFen: 1.5, guarantees: allMet, policy: policy2019 })).toThrow(RangeError);
    expect(() =>
      assessEligibility({ perCapitaFen: 1, guarantees: allMet, policy: { year: 2019, povertyLineFen: 0 } }),
    ).toThrow(RangeError);
    expect(() =>
      assessEligibility({
        perCapitaFen: 1,
        guarantees: { ...allMet, food: undefined as unknown as boolean },
        policy: policy2019,
      }),
    ).toThrow(RangeError);
  });

  it('labels the six items of 两不愁三保障', () => {
    expect(GUARANTEES.map((g) => GUARANTEE_LABELS[g]['zh-CN'])).toEqual([
      '不愁吃',
      '不愁穿',
      '义务教育有保障',
      '基本医疗有保障',
      '住房安全有保障',
      '饮水安全有保障',
    ]);
  });
});

describe('guaranteesFromObservations (看: living conditions → 两不愁三保障)', () => {
  const seen = (over: Partial<LivingConditionObservations> = {}): LivingConditionObservations => ({
    housingGrade: 'A',
    drinkingWaterSafe: true,
    childrenOutOfSchool: 0,
    uninsuredMembers: 0,
    foodSecure: true,
    clothingSecure: true,
    ...over,
  });

  it('all met for a safe house, safe water, children in school, everyone insured', () => {
    expect(guaranteesFromObservations(seen())).toEqual({ ok: true, value: allMet });
    expect(guaranteesFromObservations(seen({ housingGrade: 'B' }))).toEqual({ ok: true, value: allMet });
  });

  it('housing grades C and D are unsafe', () => {
    expect(guaranteesFromObservations(seen({ housingGrade: 'C' }))).toMatchObject({
      ok: true,
      value: { housingSafety: false },
    });
    expect(guaranteesFromObservations(seen({ housingGrade: 'D' }))).toMatchObject({
      ok: true,
      value: { housingSafety: false },
    });
  });

  it('follows the policy when it counts other grades as unsafe', () => {
    const policy = { guarantees: { unsafeHousingGrades: ['B', 'C', 'D'] as const } };
    expect(guaranteesFromObservations(seen({ housingGrade: 'B' }), policy)).toMatchObject({
      ok: true,
      value: { housingSafety: false },
    });
  });

  it('maps each observation to its guarantee', () => {
    expect(guaranteesFromObservations(seen({ childrenOutOfSchool: 1 }))).toMatchObject({
      value: { ...allMet, compulsoryEducation: false },
    });
    expect(guaranteesFromObservations(seen({ uninsuredMembers: 2 }))).toMatchObject({
      value: { ...allMet, basicMedical: false },
    });
    expect(guaranteesFromObservations(seen({ drinkingWaterSafe: false }))).toMatchObject({
      value: { ...allMet, drinkingWater: false },
    });
    expect(guaranteesFromObservations(seen({ foodSecure: false }))).toMatchObject({
      value: { ...allMet, food: false },
    });
    expect(guaranteesFromObservations(seen({ clothingSecure: false }))).toMatchObject({
      value: { ...allMet, clothing: false },
    });
  });

  it('feeds assessEligibility: above the line with an unsafe house is eligible', () => {
    const g = guaranteesFromObservations(seen({ housingGrade: 'D' }));
    if (!g.ok) throw new Error('expected ok');
    expect(assessEligibility({ perCapitaFen: 600_000, guarantees: g.value, policy: policy2019 })).toMatchObject({
      eligible: true,
      basis: 'guarantee_unmet',
      unmetGuarantees: ['housingSafety'],
    });
  });

  it('refuses malformed observations field by field', () => {
    const r = guaranteesFromObservations(
      seen({
        housingGrade: 'E' as 'A',
        childrenOutOfSchool: -1,
        uninsuredMembers: 0.5,
        drinkingWaterSafe: 'yes' as unknown as boolean,
      }),
    );
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) {
      expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
        ['housingGrade', 'housing_grade'],
        ['childrenOutOfSchool', 'non_negative_integer'],
        ['uninsuredMembers', 'non_negative_integer'],
        ['drinkingWaterSafe', 'boolean'],
      ]);
    }
  });
});
