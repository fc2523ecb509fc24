import type { LocalizedMessage, RuleViolation } from './messages';

/** 致贫原因 (SPEC §3.2): one main cause and at most two others. */
export const POVERTY_CAUSES = [
  'illness', // 因病
  'disability', // 因残
  'schooling', // 因学
  'disaster', // 因灾
  'marriage', // 因婚
  'lack_of_land', // 缺土地
  'lack_of_water', // 缺水
  'lack_of_skills', // 缺技术
  'lack_of_funds', // 缺资金
  'lack_of_labour', // 缺劳力
  'poor_transport', // 交通条件落后
  'lack_of_motivation', // 自身发展动力不足
  'other', // 其他
] as const;
export type PovertyCause = (typeof POVERTY_CAUSES)[number];

export const POVERTY_CAUSE_LABELS: Readonly<Record<PovertyCause, LocalizedMessage>> = {
  illness: { 'zh-CN': '因病', en: 'illness' },
  disability: { 'zh-CN': '因残', en: 'disability' },
  schooling: { 'zh-CN': '因学', en: 'schooling costs' },
  disaster: { 'zh-CN': '因灾', en: 'disaster' },
  marriage: { 'zh-CN': '因婚', en: 'marriage costs' },
  lack_of_land: { 'zh-CN': '缺土地', en: 'lack of land' },
  lack_of_water: { 'zh-CN': '缺水', en: 'lack of water' },
  lack_of_skills: { 'zh-CN': '缺技术', en: 'lack of skills' },
  lack_of_funds: { 'zh-CN': '缺资金', en: 'lack of funds' },
  lack_of_labour: { 'zh-CN': '缺劳力', en: 'lack of labour' },
  poor_transport: { 'zh-CN': '交通条件落后', en: 'poor transport' },
  lack_of_motivation: { 'zh-CN': '自身发展动力不足', en: 'lack of motivation' },
  other: { 'zh-CN': '其他', en: 'other' },
};

/** 帮扶类别 — 五个一批 (five batches): drives which departments are engaged. */
export const ASSISTANCE_CATEGORIES = [
  'production', // 发展生产脱贫一批
  'relocation', // 易地搬迁脱贫一批
  'ecological_compensation', // 生态补偿脱贫一批
  'education', // 发展教育脱贫一批
  'social_security', // 社会保障兜底一批
] as const;
export type AssistanceCategory = (typeof ASSISTANCE_CATEGORIES)[number];

export const ASSISTANCE_CATEGORY_LABELS: Readonly<Record<AssistanceCategory, LocalizedMessage>> = {
  production: { 'zh-CN': '发展生产脱贫一批', en: 'develop production' },
  relocation: { 'zh-CN': '易地搬迁脱贫一批', en: 'relocation' },
  ecological_compensation: { 'zh-CN': '生态补偿脱贫一批', en: 'ecological compensation' },
  education: { 'zh-CN': '发展教育脱贫一批', en: 'education' },
  social_security: { 'zh-CN': '社会保障兜底一批', en: 'social-security backstop' },
};

/** 健康状况 */
export const HEALTH_STATUSES = [
  'healthy', // 健康
  'chronic_illness', // 长期慢性病
  'serious_illness', // 大病
  'disability', // 残疾
] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const HEALTH_STATUS_LABELS: Readonly<Record<HealthStatus, LocalizedMessage>> = {
  healthy: { 'zh-CN': '健康', en: 'healthy' },
  chronic_illness: { 'zh-CN': '长期慢性病', en: 'chronic illness' },
  serious_illness: { 'zh-CN': '大病', en: 'serious illness' },
  disability: { 'zh-CN': '残疾', en: 'disability' },
};

/** 劳动能力 */
export const LABOUR_ABILITIES = [
  'ordinary', // 普通劳动力
  'skilled', // 技能劳动力
  'lost', // 丧失劳动力
  'none', // 无劳动力
] as const;
export type LabourAbility = (typeof LABOUR_ABILITIES)[number];

export const LABOUR_ABILITY_LABELS: Readonly<Record<LabourAbility, LocalizedMessage>> = {
  ordinary: { 'zh-CN': '普通劳动力', en: 'ordinary labour' },
  skilled: { 'zh-CN': '技能劳动力', en: 'skilled labour' },
  lost: { 'zh-CN': '丧失劳动力', en: 'lost labour ability' },
  none: { 'zh-CN': '无劳动力', en: 'no labour ability' },
};

/**
 * 房屋安全等级 (危房鉴定, 住建部《农村危险房屋鉴定技术导则》): A and B are safe; C (局部危房) and D (整栋危房)
 * are dangerous houses. Which grades count as unsafe is policy (`GuaranteeStandards.unsafeHousingGrades`).
 */
export const HOUSING_GRADES = ['A', 'B', 'C', 'D'] as const;
export type HousingGrade = (typeof HOUSING_GRADES)[number];

export const HOUSING_GRADE_LABELS: Readonly<Record<HousingGrade, LocalizedMessage>> = {
  A: { 'zh-CN': 'A级（安全）', en: 'grade A (safe)' },
  B: { 'zh-CN': 'B级（基本安全）', en: 'grade B (basically safe)' },
  C: { 'zh-CN': 'C级（局部危房）', en: 'grade C (partly dangerous)' },
  D: { 'zh-CN': 'D级（整栋危房）', en: 'grade D (dangerous building)' },
};

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
export const isPovertyCause = (value: unknown): value is PovertyCause => isOneOf(POVERTY_CAUSES, value);
export const isAssistanceCategory = (value: unknown): value is AssistanceCategory =>
  isOneOf(ASSISTANCE_CATEGORIES, value);
export const isHealthStatus = (value: unknown): value is HealthStatus => isOneOf(HEALTH_STATUSES, value);
export const isLabourAbility = (value: unknown): value is LabourAbility => isOneOf(LABOUR_ABILITIES, value);
export const isHousingGrade = (value: unknown): value is HousingGrade => isOneOf(HOUSING_GRADES, value);

/** At most this many other causes (其他致贫原因) besides the main one. */
export const MAX_OTHER_POVERTY_CAUSES = 2;

export type PovertyCausesResult =
  { ok: true; value: { main: PovertyCause; others: PovertyCause[] } } | { ok: false; violations: RuleViolation[] };

/**
 * Check a household's poverty causes (致贫原因): a known main cause (主要致贫原因), at most two known
 * other causes, no duplicates among them, and the main cause not repeated among the others.
 * Returns every violation; fields are `mainCause` and `otherCauses` / `otherCauses.<index>`.
 */
export function validatePovertyCauses(main: string, others: readonly string[]): PovertyCausesResult {
  const violations: RuleViolation[] = [];
  if (!isPovertyCause(main)) {
    violations.push({
      field: 'mainCause',
      rule: 'unknown_cause',
      message: { 'zh-CN': `未知的致贫原因：${String(main)}`, en: `unknown poverty cause: ${String(main)}` },
    });
  }
  if (others.length > MAX_OTHER_POVERTY_CAUSES) {
    violations.push({
      field: 'otherCauses',
      rule: 'too_many_others',
      message: {
        'zh-CN': `其他致贫原因最多${MAX_OTHER_POVERTY_CAUSES}项`,
        en: `at most ${MAX_OTHER_POVERTY_CAUSES} other poverty causes`,
      },
    });
  }
  const seen = new Set<string>();
  others.forEach((cause, index) => {
    const field = `otherCauses.${index}`;
    if (!isPovertyCause(cause)) {
      violations.push({
        field,
        rule: 'unknown_cause',
        message: { 'zh-CN': `未知的致贫原因：${String(cause)}`, en: `unknown poverty cause: ${String(cause)}` },
      });
    } else if (cause === main) {
      violations.push({
        field,
        rule: 'main_repeated',
        message: { 'zh-CN': '其他致贫原因不能与主要致贫原因重复', en: 'an other cause repeats the main cause' },
      });
    } else if (seen.has(cause)) {
      violations.push({
        field,
        rule: 'duplicate',
        message: { 'zh-CN': '其他致贫原因重复', en: 'other poverty causes contain a duplicate' },
      });
    }
    seen.add(cause);
  });
  if (violations.length > 0) return { ok: false, violations };
  return { ok: true, value: { main: main as PovertyCause, others: [...others] as PovertyCause[] } };
}
