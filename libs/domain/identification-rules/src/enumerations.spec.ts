import {
  ASSISTANCE_CATEGORIES,
  ASSISTANCE_CATEGORY_LABELS,
  HEALTH_STATUSES,
  HOUSING_GRADES,
  HOUSING_GRADE_LABELS,
  HEALTH_STATUS_LABELS,
  LABOUR_ABILITIES,
  LABOUR_ABILITY_LABELS,
  POVERTY_CAUSES,
  POVERTY_CAUSE_LABELS,
  isHousingGrade,
  isPovertyCause,
  validatePovertyCauses,
} from './enumerations';

describe('enumerations', () => {
  it('has the 13 poverty causes of SPEC §3.2, each labelled', () => {
    expect(POVERTY_CAUSES).toHaveLength(13);
    expect(POVERTY_CAUSES.map((c) => POVERTY_CAUSE_LABELS[c]['zh-CN'])).toEqual([
      '因病',
      '因残',
      '因学',
      '因灾',
      '因婚',
      '缺土地',
      '缺水',
      '缺技术',
      '缺资金',
      '缺劳力',
      '交通条件落后',
      '自身发展动力不足',
      '其他',
    ]);
    expect(isPovertyCause('illness')).toBe(true);
    expect(isPovertyCause('因病')).toBe(false);
  });

  it('labels every assistance category, health status and labour ability', () => {
    expect(ASSISTANCE_CATEGORIES).toHaveLength(5);
    for (const c of ASSISTANCE_CATEGORIES) expect(ASSISTANCE_CATEGORY_LABELS[c]['zh-CN']).toMatch(/一批$/);
    expect(HEALTH_STATUSES.map((s) => HEALTH_STATUS_LABELS[s]['zh-CN'])).toEqual([
      '健康',
      '长期慢性病',
      '大病',
      '残疾',
    ]);
    expect(LABOUR_ABILITIES.map((a) => LABOUR_ABILITY_LABELS[a]['zh-CN'])).toEqual([
      '普通劳动力',
      '技能劳动力',
      '丧失劳动力',
      '无劳动力',
    ]);
  });
});

describe('validatePovertyCauses', () => {
  it('accepts a main cause and up to two others', () => {
    expect(validatePovertyCauses('illness', [])).toEqual({ ok: true, value: { main: 'illness', others: [] } });
    expect(validatePovertyCauses('illness', ['lack_of_skills', 'lack_of_funds'])).toEqual({
      ok: true,
      value: { main: 'illness', others: ['lack_of_skills', 'lack_of_funds'] },
    });
  });

  it('refuses more than two others', () => {
    const r = validatePovertyCauses('illness', ['lack_of_skills', 'lack_of_funds', 'disaster']);
    expect(r).toMatchObject({ ok: false, violations: [{ field: 'otherCauses', rule: 'too_many_others' }] });
  });

  it('refuses duplicates and a repeated main cause', () => {
    expect(validatePovertyCauses('illness', ['disaster', 'disaster'])).toMatchObject({
      ok: false,
      violations: [{ field: 'otherCauses.1', rule: 'duplicate' }],
    });
    expect(validatePovertyCauses('illness', ['illness'])).toMatchObject({
      ok: false,
      violations: [{ field: 'otherCauses.0', rule: 'main_repeated' }],
    });
  });

  it('refuses unknown causes', () => {
    const r = validatePovertyCauses('bad_luck', ['因病']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
        ['mainCause', 'unknown_cause'],
        ['otherCauses.0', 'unknown_cause'],
      ]);
      expect(r.violations[0].message['zh-CN']).toContain('致贫原因');
    }
  });
});

describe('housing grades (房屋安全等级)', () => {
  it('has A–D, each labelled', () => {
    expect(HOUSING_GRADES).toEqual(['A', 'B', 'C', 'D']);
    expect(HOUSING_GRADE_LABELS.D['zh-CN']).toContain('危房');
    expect(isHousingGrade('C')).toBe(true);
    expect(isHousingGrade('E')).toBe(false);
    expect(isHousingGrade('c')).toBe(false);
  });
});
