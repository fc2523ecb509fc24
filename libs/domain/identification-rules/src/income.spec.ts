import { type IncomeSurvey, perCapitaNetIncomeFen } from './income';

const survey = (over: Partial<IncomeSurvey> = {}): IncomeSurvey => ({
  householdSize: 4,
  farmingIncome: 300_000,
  livestockIncome: 200_000,
  wageIncome: 800_000,
  propertyIncome: 10_000,
  transferIncome: 90_000,
  businessNetIncome: 0,
  productionCosts: 200_000,
  livingExpenses: 600_000,
  illnessSpending: 150_000,
  studentCosts: 50_000,
  ...over,
});

describe('perCapitaNetIncomeFen (人均纯收入, 六算)', () => {
  it('adds the income items, subtracts production costs, ignores recorded spending, divides by household size', () => {
    // (3000 + 2000 + 8000 + 100 + 900 + 0 − 2000) yuan = 12,000 yuan / 4 = 3,000 yuan
    expect(perCapitaNetIncomeFen(survey())).toEqual({
      ok: true,
      value: { netIncomeFen: 1_200_000, perCapitaFen: 300_000, householdSize: 4 },
    });
    expect(perCapitaNetIncomeFen(survey({ livingExpenses: 99_999_999 }))).toMatchObject({
      ok: true,
      value: { perCapitaFen: 300_000 },
    });
  });

  it('rounds half-up to whole fen', () => {
    const base = {
      farmingIncome: 0,
      livestockIncome: 0,
      propertyIncome: 0,
      transferIncome: 0,
      businessNetIncome: 0,
      productionCosts: 0,
    };
    expect(perCapitaNetIncomeFen(survey({ ...base, wageIncome: 10, householdSize: 4 }))).toMatchObject({
      value: { perCapitaFen: 3 },
    }); // 2.5 → 3
    expect(perCapitaNetIncomeFen(survey({ ...base, wageIncome: 10, householdSize: 3 }))).toMatchObject({
      value: { perCapitaFen: 3 },
    }); // 3.33 → 3
    expect(perCapitaNetIncomeFen(survey({ ...base, wageIncome: 11, householdSize: 3 }))).toMatchObject({
      value: { perCapitaFen: 4 },
    }); // 3.67 → 4
    // net loss: −2.5 → −3 (half away from zero)
    expect(
      perCapitaNetIncomeFen(survey({ ...base, wageIncome: 0, productionCosts: 10, householdSize: 4 })),
    ).toMatchObject({ value: { netIncomeFen: -10, perCapitaFen: -3 } });
  });

  it('refuses negative or fractional amounts and a household size below one, naming each field', () => {
    const r = perCapitaNetIncomeFen(
      survey({ wageIncome: -1, farmingIncome: 10.5, studentCosts: Number.NaN, householdSize: 0 }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
        ['farmingIncome', 'integer_fen'],
        ['wageIncome', 'non_negative'],
        ['studentCosts', 'integer_fen'],
        ['householdSize', 'min_one'],
      ]);
    }
    expect(perCapitaNetIncomeFen(survey({ householdSize: 2.5 }))).toMatchObject({
      ok: false,
      violations: [{ field: 'householdSize' }],
    });
  });

  it('refuses totals beyond safe integers instead of losing precision', () => {
    const huge = Number.MAX_SAFE_INTEGER;
    expect(perCapitaNetIncomeFen(survey({ wageIncome: huge, farmingIncome: huge, householdSize: 1 }))).toMatchObject({
      ok: false,
      violations: [{ rule: 'out_of_range' }],
    });
  });
});
