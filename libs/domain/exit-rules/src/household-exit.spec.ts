import { checkExitCriteria, EXIT_CRITERIA, EXIT_CRITERION_LABELS, type ExitCriteriaInput } from './household-exit';

const lines: Record<number, number> = { 2018: 299_500, 2019: 321_800, 2020: 400_000 };
const lineFenByYear = (year: number): number => lines[year];

/** A household that meets every criterion. */
function passing(over: Partial<ExitCriteriaInput> = {}): ExitCriteriaInput {
  return {
    surveys: [
      { incomeYear: 2020, perCapitaFen: 450_000 },
      { incomeYear: 2019, perCapitaFen: 330_000 },
    ],
    lineFenByYear,
    children: [
      { age: 8, inSchool: true },
      { age: 4, inSchool: false },
      { age: 17, inSchool: false },
    ],
    members: [{ basicMedicalInsured: true }, { basicMedicalInsured: true }, { basicMedicalInsured: true }],
    housingGrade: 'B',
    drinkingWaterSafe: true,
    foodSecure: true,
    clothingSecure: true,
    ...over,
  };
}

const criteria = (input: ExitCriteriaInput) => checkExitCriteria(input).failed.map((f) => f.criterion);

describe('checkExitCriteria (贫困户退出标准)', () => {
  it('passes a household meeting every criterion', () => {
    expect(checkExitCriteria(passing())).toEqual({ ok: true, failed: [] });
  });

  describe('income_stable', () => {
    it('fails alone when the latest survey is exactly at its line (must be strictly above)', () => {
      const r = checkExitCriteria(
        passing({
          surveys: [
            { incomeYear: 2020, perCapitaFen: 400_000 },
            { incomeYear: 2019, perCapitaFen: 330_000 },
          ],
        }),
      );
      expect(r.ok).toBe(false);
      expect(r.failed).toHaveLength(1);
      const f = r.failed[0];
      expect(f.criterion).toBe('income_stable');
      expect(f.message['zh-CN']).toContain('2020年人均纯收入4000.00元未超过贫困标准4000.00元');
      expect(f.message.en).toContain('not above the poverty line of 4000.00 yuan');
      expect(f.detail).toEqual({
        required: 2,
        available: 2,
        surveys: [
          { incomeYear: 2020, perCapitaFen: 400_000, lineFen: 400_000, required: 'above', met: false },
          { incomeYear: 2019, perCapitaFen: 330_000, lineFen: 321_800, required: 'not_below', met: true },
        ],
      });
    });

    it('passes one fen above the latest line', () => {
      expect(
        checkExitCriteria(
          passing({
            surveys: [
              { incomeYear: 2020, perCapitaFen: 400_001 },
              { incomeYear: 2019, perCapitaFen: 330_000 },
            ],
          }),
        ).ok,
      ).toBe(true);
    });

    it('accepts the survey before exactly at its line (not below), and fails it one fen under', () => {
      expect(
        checkExitCriteria(
          passing({
            surveys: [
              { incomeYear: 2020, perCapitaFen: 450_000 },
              { incomeYear: 2019, perCapitaFen: 321_800 },
            ],
          }),
        ).ok,
      ).toBe(true);
      const r = checkExitCriteria(
        passing({
          surveys: [
            { incomeYear: 2020, perCapitaFen: 450_000 },
            { incomeYear: 2019, perCapitaFen: 321_799 },
          ],
        }),
      );
      expect(
        criteria(
          passing({
            surveys: [
              { incomeYear: 2020, perCapitaFen: 450_000 },
              { incomeYear: 2019, perCapitaFen: 321_799 },
            ],
          }),
        ),
      ).toEqual(['income_stable']);
      expect(r.failed[0].message['zh-CN']).toContain('2019年人均纯收入3217.99元低于贫困标准3218.00元');
    });

    it('judges each survey against the line of its own year', () => {
      // 3,500 yuan is above the 2019 line but below the 2020 line
      expect(
        criteria(
          passing({
            surveys: [
              { incomeYear: 2020, perCapitaFen: 350_000 },
              { incomeYear: 2019, perCapitaFen: 350_000 },
            ],
          }),
        ),
      ).toEqual(['income_stable']);
    });

    it('fails with too few surveys, naming how many are needed', () => {
      const r = checkExitCriteria(passing({ surveys: [{ incomeYear: 2020, perCapitaFen: 450_000 }] }));
      expect(r.failed.map((f) => f.criterion)).toEqual(['income_stable']);
      expect(r.failed[0].detail).toMatchObject({ required: 2, available: 1 });
      expect(r.failed[0].message.en).toContain('needs income surveys of the last 2 years, has 1');
      expect(criteria(passing({ surveys: [] }))).toEqual(['income_stable']);
    });

    it('is configurable: only the latest survey (yearsNotBelow 0)', () => {
      expect(
        checkExitCriteria(
          passing({ surveys: [{ incomeYear: 2020, perCapitaFen: 450_000 }], stability: { yearsNotBelow: 0 } }),
        ).ok,
      ).toBe(true);
    });

    it('is configurable: two years above plus one not below', () => {
      const surveys = [
        { incomeYear: 2020, perCapitaFen: 450_000 },
        { incomeYear: 2019, perCapitaFen: 321_800 },
        { incomeYear: 2018, perCapitaFen: 299_500 },
      ];
      const stability = { yearsAbove: 2, yearsNotBelow: 1 };
      const r = checkExitCriteria(passing({ surveys, stability }));
      expect(r.failed.map((f) => f.criterion)).toEqual(['income_stable']);
      expect(r.failed[0].detail).toMatchObject({
        surveys: [{ met: true }, { required: 'above', met: false }, { required: 'not_below', met: true }],
      });
      expect(
        checkExitCriteria(
          passing({ surveys: [surveys[0], { incomeYear: 2019, perCapitaFen: 321_801 }, surveys[2]], stability }),
        ).ok,
      ).toBe(true);
    });

    it('ignores surveys older than the ones judged', () => {
      const surveys = [
        { incomeYear: 2020, perCapitaFen: 450_000 },
        { incomeYear: 2019, perCapitaFen: 330_000 },
        { incomeYear: 2018, perCapitaFen: 0 },
      ];
      expect(checkExitCriteria(passing({ surveys })).ok).toBe(true);
    });

    it('treats a loss (negative income) as below', () => {
      expect(
        criteria(
          passing({
            surveys: [
              { incomeYear: 2020, perCapitaFen: -100 },
              { incomeYear: 2019, perCapitaFen: 330_000 },
            ],
          }),
        ),
      ).toEqual(['income_stable']);
    });
  });

  describe('food_secure and clothing_secure (不愁吃、不愁穿)', () => {
    it('fails alone when food is not secure, naming 不愁吃', () => {
      expect(checkExitCriteria(passing({ foodSecure: false }))).toEqual({
        ok: false,
        failed: [
          {
            criterion: 'food_secure',
            message: { 'zh-CN': '未达到不愁吃：吃饭无保障', en: 'not enough to eat (food not secure)' },
            detail: { foodSecure: false },
          },
        ],
      });
    });

    it('fails alone when clothing is not secure, naming 不愁穿', () => {
      expect(checkExitCriteria(passing({ clothingSecure: false }))).toEqual({
        ok: false,
        failed: [
          {
            criterion: 'clothing_secure',
            message: { 'zh-CN': '未达到不愁穿：穿衣无保障', en: 'not enough to wear (clothing not secure)' },
            detail: { clothingSecure: false },
          },
        ],
      });
    });

    it('names both, food first, right after income', () => {
      expect(
        criteria(
          passing({
            foodSecure: false,
            clothingSecure: false,
            surveys: [{ incomeYear: 2020, perCapitaFen: 1 }],
            housingGrade: 'C',
          }),
        ),
      ).toEqual(['income_stable', 'food_secure', 'clothing_secure', 'housing_safe']);
    });

    it('labels them 不愁吃 and 不愁穿', () => {
      expect(EXIT_CRITERION_LABELS.food_secure['zh-CN']).toBe('不愁吃');
      expect(EXIT_CRITERION_LABELS.clothing_secure['zh-CN']).toBe('不愁穿');
      expect(EXIT_CRITERIA.slice(0, 3)).toEqual(['income_stable', 'food_secure', 'clothing_secure']);
    });
  });

  describe('compulsory_education', () => {
    it('fails alone for a child of 6 or of 15 out of school, listing each', () => {
      const r = checkExitCriteria(
        passing({
          children: [
            { age: 6, inSchool: false },
            { age: 10, inSchool: true },
            { age: 15, inSchool: false },
          ],
        }),
      );
      expect(r.ok).toBe(false);
      expect(r.failed).toHaveLength(1);
      expect(r.failed[0]).toEqual({
        criterion: 'compulsory_education',
        message: { 'zh-CN': '有2名6至15岁儿童失学辍学', en: '2 child(ren) aged 6–15 out of school' },
        detail: {
          outOfSchool: [
            { index: 0, age: 6 },
            { index: 2, age: 15 },
          ],
        },
      });
    });

    it('ignores children aged 5 or 16 out of school', () => {
      expect(
        checkExitCriteria(
          passing({
            children: [
              { age: 5, inSchool: false },
              { age: 16, inSchool: false },
            ],
          }),
        ).ok,
      ).toBe(true);
    });

    it('does not fail for a child excused for severe disability', () => {
      expect(checkExitCriteria(passing({ children: [{ age: 9, inSchool: false, excused: true }] })).ok).toBe(true);
      expect(criteria(passing({ children: [{ age: 9, inSchool: false, excused: false }] }))).toEqual([
        'compulsory_education',
      ]);
    });

    it('passes a household without children', () => {
      expect(checkExitCriteria(passing({ children: [] })).ok).toBe(true);
    });

    it('uses a configured age range', () => {
      expect(
        criteria(passing({ children: [{ age: 16, inSchool: false }], compulsoryEducationAge: { min: 6, max: 16 } })),
      ).toEqual(['compulsory_education']);
    });
  });

  describe('medical_insurance', () => {
    it('fails alone when one member is uninsured, naming the member', () => {
      const r = checkExitCriteria(
        passing({ members: [{ basicMedicalInsured: true }, { basicMedicalInsured: false }] }),
      );
      expect(r.failed).toEqual([
        {
          criterion: 'medical_insurance',
          message: {
            'zh-CN': '有1名家庭成员未参加基本医疗保险',
            en: '1 member(s) not enrolled in basic medical insurance',
          },
          detail: { uninsuredMemberIndexes: [1] },
        },
      ]);
    });
  });

  describe('housing_safe', () => {
    it.each(['A', 'B'] as const)('passes grade %s', (housingGrade) => {
      expect(checkExitCriteria(passing({ housingGrade })).ok).toBe(true);
    });
    it.each(['C', 'D'] as const)('fails alone for grade %s', (housingGrade) => {
      const r = checkExitCriteria(passing({ housingGrade }));
      expect(r.failed).toEqual([
        {
          criterion: 'housing_safe',
          message: { 'zh-CN': `住房为${housingGrade}级危房`, en: `house is graded ${housingGrade} (unsafe)` },
          detail: { housingGrade },
        },
      ]);
    });
    it('uses configured unsafe grades', () => {
      expect(criteria(passing({ housingGrade: 'B', unsafeHousingGrades: ['B', 'C', 'D'] }))).toEqual(['housing_safe']);
    });
  });

  describe('drinking_water', () => {
    it('fails alone when drinking water is not safe', () => {
      expect(checkExitCriteria(passing({ drinkingWaterSafe: false })).failed).toEqual([
        {
          criterion: 'drinking_water',
          message: { 'zh-CN': '饮水安全无保障', en: 'drinking water not safe' },
          detail: { drinkingWaterSafe: false },
        },
      ]);
    });
  });

  it('reports every failing criterion by name, in order', () => {
    const r = checkExitCriteria(
      passing({
        surveys: [{ incomeYear: 2020, perCapitaFen: 1 }],
        children: [{ age: 12, inSchool: false }],
        members: [{ basicMedicalInsured: false }],
        housingGrade: 'D',
        drinkingWaterSafe: false,
        foodSecure: false,
        clothingSecure: false,
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.failed.map((f) => f.criterion)).toEqual([...EXIT_CRITERIA]);
  });

  it('labels every criterion in zh-CN and en', () => {
    for (const c of EXIT_CRITERIA) {
      expect(EXIT_CRITERION_LABELS[c]['zh-CN']).toBeTruthy();
      expect(EXIT_CRITERION_LABELS[c].en).toBeTruthy();
    }
  });

  it('throws on programmer errors', () => {
    expect(() =>
      checkExitCriteria(
        passing({
          surveys: [
            { incomeYear: 2019, perCapitaFen: 1 },
            { incomeYear: 2020, perCapitaFen: 1 },
          ],
        }),
      ),
    ).toThrow(/newest first/);
    expect(() =>
      checkExitCriteria(
        passing({
          surveys: [
            { incomeYear: 2020, perCapitaFen: 1 },
            { incomeYear: 2020, perCapitaFen: 1 },
          ],
        }),
      ),
    ).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ surveys: [{ incomeYear: 2020, perCapitaFen: 1.5 }] }))).toThrow(
      RangeError,
    );
    expect(() => checkExitCriteria(passing({ lineFenByYear: () => 0 }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ lineFenByYear: () => undefined as unknown as number }))).toThrow(
      RangeError,
    );
    expect(() => checkExitCriteria(passing({ members: [] }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ housingGrade: 'E' as 'A' }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ stability: { yearsAbove: 0 } }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ stability: { yearsNotBelow: -1 } }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ children: [{ age: 7.5, inSchool: true }] }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ drinkingWaterSafe: 'yes' as unknown as boolean }))).toThrow(RangeError);
    expect(() => checkExitCriteria(passing({ foodSecure: undefined as unknown as boolean }))).toThrow(/foodSecure/);
    expect(() => checkExitCriteria(passing({ clothingSecure: 1 as unknown as boolean }))).toThrow(/clothingSecure/);
  });
});
